// The config a local run's edge functions really read (the config.json each
// was laid out with, after the local run's adjustments), so a test can take
// an effective setting, such as the bearer-JWT gate's clock skew, from there.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalEnvironment } from "../../local/run";

const CONFIG_FILE = "config.json";
/** The edge lays each function out a few folders below the run's temp folder. */
const MAX_DEPTH = 4;

function configFilesUnder(dir: string, depth: number): string[] {
  if (depth > MAX_DEPTH || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return configFilesUnder(full, depth + 1);
    return entry.isFile() && entry.name === CONFIG_FILE ? [full] : [];
  });
}

/** The bearer-JWT gate's config (the one config.json with a clock skew); throws unless exactly one. */
export function bearerGateConfig(run: LocalEnvironment): { clockSkewSeconds: number } {
  const found = run.tempDirs
    .flatMap((root) => configFilesUnder(root, 0))
    .map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)
    .filter((config) => typeof config.clockSkewSeconds === "number");
  if (found.length !== 1) {
    throw new Error(`e2e: expected one bearer-JWT gate config, found ${found.length}`);
  }
  return found[0] as { clockSkewSeconds: number };
}
