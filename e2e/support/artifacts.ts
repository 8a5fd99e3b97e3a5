// What a failed e2e test leaves behind under e2e-artifacts/ (gitignored):
// a screenshot of every page it had open, the edge server's request log and
// what the functions wrote,
// so the failure can be read without running it again.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { formatLogEntry, type LocalRequestLogEntry } from "../../local/edge";

export const ARTIFACTS_DIR = path.resolve(__dirname, "..", "..", "e2e-artifacts");

/** A folder name from a test's name: readable, no separators, bounded. */
export function artifactFolderName(testName: string): string {
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
  return slug === "" ? "unnamed-test" : slug;
}

/** The request log as text: one formatted line per viewer request, the test's own marked off. */
export function requestLogText(log: readonly LocalRequestLogEntry[], firstOfTest: number): string {
  const lines = log.map(
    (entry, i) => `${i < firstOfTest ? "  (before) " : ""}${formatLogEntry(entry)}`,
  );
  return `${lines.join("\n")}\n`;
}

export interface FailedTest {
  suite: string;
  testName: string;
  pages: readonly Page[];
  requestLog: readonly LocalRequestLogEntry[];
  /** Index of the first log entry made during the test. */
  firstLogEntry: number;
  /** What the functions wrote, `[function] line`, and the index of the test's first line. */
  functionLines: readonly string[];
  firstFunctionLine: number;
}

/** Writes the artifacts; returns the folder. Never throws: a lost screenshot must not hide the failure. */
export async function saveFailureArtifacts(failed: FailedTest): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, failed.suite, artifactFolderName(failed.testName));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "request-log.txt"),
    requestLogText(failed.requestLog, failed.firstLogEntry),
  );
  fs.writeFileSync(
    path.join(dir, "function-log.txt"),
    `${failed.functionLines.map((line, i) => `${i < failed.firstFunctionLine ? "  (before) " : ""}${line}`).join("\n")}\n`,
  );
  let n = 0;
  for (const page of failed.pages) {
    n += 1;
    if (page.isClosed()) continue;
    try {
      await page.screenshot({ path: path.join(dir, `page-${n}.png`), fullPage: true });
      fs.writeFileSync(path.join(dir, `page-${n}.url.txt`), `${page.url()}\n`);
    } catch (err) {
      fs.writeFileSync(path.join(dir, `page-${n}.error.txt`), `${String(err)}\n`);
    }
  }
  return dir;
}
