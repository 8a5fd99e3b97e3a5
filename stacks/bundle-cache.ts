// esbuild bundles kept across processes, for runs that synthesize the same
// stacks many times over (the test suite, where every suite has its own module
// registry and would bundle each handler again). Off unless
// EDGE_GATE_BUNDLE_CACHE_DIR names a directory: a synth for deployment always
// builds. An entry is used only while every file esbuild read for it still has
// the content it had then.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { version as esbuildVersion } from "esbuild";
import { writeFileWhole } from "./write-whole";

export const BUNDLE_CACHE_VARIABLE = "EDGE_GATE_BUNDLE_CACHE_DIR";

/** What a build gives the cache: the code and every file it was made from (absolute paths). */
export interface Build {
  code: string;
  inputs: string[];
}

interface Entry {
  /** Input file -> hex SHA-256 of its content when the code was built. */
  inputs: Record<string, string>;
  code: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function fileHash(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

function readEntry(file: string): Entry | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Entry;
    const current = Object.entries(entry.inputs).every(([input, hash]) => fileHash(input) === hash);
    return current ? entry : undefined;
  } catch {
    return undefined; // No entry yet, or one being replaced: build.
  }
}

/**
 * The code `build` makes for `key` (entry and options), from the cache
 * directory when one is set and still current, else built (and stored).
 */
export function cachedBuild(
  key: string,
  build: () => Build,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = env[BUNDLE_CACHE_VARIABLE];
  if (!dir) return build().code;
  const file = path.join(dir, `${sha256(`${esbuildVersion}\0${key}`)}.json`);
  const kept = readEntry(file);
  if (kept !== undefined) return kept.code;
  const built = build();
  const inputs: Record<string, string> = {};
  for (const input of built.inputs) {
    const hash = fileHash(input);
    // A file that cannot be read back cannot vouch for a later use.
    if (hash === undefined) return built.code;
    inputs[input] = hash;
  }
  mkdirSync(dir, { recursive: true });
  writeFileWhole(file, JSON.stringify({ inputs, code: built.code } satisfies Entry));
  return built.code;
}
