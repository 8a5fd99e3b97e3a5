// Synth of all environments (`tsx main.ts` into a temporary out dir), next
// to a bare node start measured in the same run. No target: reported so a
// change that makes synth much slower shows up.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { median, timeProcess } from "./measure";
import type { Results } from "./report";

const RUNS = 3;
/** Far above a normal synth; only a hung one reaches it. */
const SYNTH_TIMEOUT_MS = 300_000;

export async function benchSynth(root: string): Promise<Results> {
  const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-synth-"));
    try {
      const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
      times.push(timeProcess([tsx, "main.ts"], root, env, SYNTH_TIMEOUT_MS));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const bare = median([0, 1, 2].map(() => timeProcess(["-e", ""], root)));
  console.log(`  wall time, median of ${RUNS}`);
  return {
    "synth.all": {
      value: median(times),
      baseline: { label: "bare node start", value: bare, unit: "ms" },
    },
  };
}
