// Where and on what a run happened, for the JSON report: the commit (and
// whether the tree differed from it) and the machine with its load.
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import type { Machine } from "./report";

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** HEAD and whether the tree differs from it; null for both outside a git checkout. */
export function commitOf(root: string): { commit: string | null; dirty: boolean | null } {
  const commit = git(["rev-parse", "HEAD"], root);
  // --no-optional-locks: a read-only look that never takes the index lock.
  const status = git(["--no-optional-locks", "status", "--porcelain"], root);
  return { commit, dirty: status === null ? null : status !== "" };
}

/** The machine, with the load average taken now (the start) and by `end()` when the run ends. */
export function machineAtStart(): { end: () => Machine } {
  const cpus = os.cpus();
  const start = os.loadavg();
  return {
    end: () => ({
      cores: cpus.length,
      model: cpus[0]?.model ?? "",
      loadavg: { start, end: os.loadavg() },
      totalmem: os.totalmem(),
    }),
  };
}
