// What "stop leaves nothing running" means for a local run: its site and
// every stand-in refuse connections, and its temp folders are gone.
import * as fs from "node:fs";
import type { LocalEnvironment } from "../../../local/run";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

/**
 * "refused" when nothing listens at `url` any more; otherwise what happened
 * instead. Only a refused connection counts: a server that still accepts and
 * never answers is not stopped, however long the wait.
 */
async function connectionOutcome(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(GENEROUS_TIMEOUT_MS) });
    return `answered ${response.status}`;
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    return code === "ECONNREFUSED" ? "refused" : `failed: ${String(code ?? err)}`;
  }
}

export async function expectStopped(run: LocalEnvironment): Promise<void> {
  await run.stop();
  const endpoints = [run.url, run.cognitoOrigin, ...run.loopbackEndpoints];
  for (const endpoint of endpoints)
    expect([endpoint, await connectionOutcome(endpoint)]).toEqual([endpoint, "refused"]);
  for (const dir of run.tempDirs) expect([dir, fs.existsSync(dir)]).toEqual([dir, false]);
}
