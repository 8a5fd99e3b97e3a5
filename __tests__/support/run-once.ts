// Work done once per test run and shared by every suite, although jest runs
// suites in several worker processes: the first process to ask takes a lock
// (an exclusive mkdir) and writes the result to disk; the others wait for the
// file. Also a run-wide limit on concurrent offline plans, so suites in two
// workers never start more Terraform processes than the machine has cores.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileWhole } from "../../stacks/write-whole";

/** Set by the global setup; one directory per `npm test`, removed at its end. */
export const RUN_DIR_VARIABLE = "EDGE_GATE_TEST_RUN_DIR";
/** Concurrent offline plans in a run (default: the number of cores). */
export const PLAN_SLOTS_VARIABLE = "EDGE_GATE_TEST_PLAN_SLOTS";

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fallbackRunDir: string | undefined;

/** The run's shared directory (a private one when jest's global setup did not run). */
export function runDir(): string {
  const shared = process.env[RUN_DIR_VARIABLE];
  if (shared) return shared;
  fallbackRunDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-test-run-"));
  return fallbackRunDir;
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * `compute()` once per run under `key`; every caller in every worker gets its
 * (JSON) result, or its error message. No deadline of its own: the waiting
 * suite's hook time-out bounds the wait.
 */
export function once<T>(key: string, compute: () => Promise<T>): Promise<T> {
  let promise = inProcess.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = onceAcrossWorkers(key, compute);
    inProcess.set(key, promise);
  }
  return promise;
}

async function onceAcrossWorkers<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const dir = path.join(runDir(), "once");
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, `${key}.lock`);
  const result = path.join(dir, `${key}.json`);
  let owner = false;
  try {
    fs.mkdirSync(lock);
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (owner) {
    let outcome: { value?: T; error?: string };
    try {
      outcome = { value: await compute() };
    } catch (error) {
      outcome = { error: error instanceof Error ? error.message : String(error) };
    }
    // A waiter never reads half a file.
    writeFileWhole(result, JSON.stringify(outcome));
  }
  while (!fs.existsSync(result)) await sleep(POLL_MS);
  const outcome = JSON.parse(fs.readFileSync(result, "utf8")) as { value?: T; error?: string };
  if (outcome.error !== undefined) throw new Error(`${key}: ${outcome.error}`);
  return outcome.value as T;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `task` while holding one of the run's plan slots. */
export async function withPlanSlot<T>(task: () => Promise<T>): Promise<T> {
  const slots = Number(process.env[PLAN_SLOTS_VARIABLE]) || os.cpus().length;
  const dir = path.join(runDir(), "plan-slots");
  fs.mkdirSync(dir, { recursive: true });
  for (;;) {
    for (let i = 0; i < slots; i += 1) {
      const slot = path.join(dir, String(i));
      try {
        fs.mkdirSync(slot);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        // A worker that died holding a slot must not block the run.
        let holder = 0;
        try {
          holder = Number(fs.readFileSync(path.join(slot, "pid"), "utf8"));
        } catch {
          // Taken a moment ago; its pid is not written yet.
        }
        if (holder > 0 && !alive(holder)) fs.rmSync(slot, { recursive: true, force: true });
        continue;
      }
      fs.writeFileSync(path.join(slot, "pid"), String(process.pid));
      try {
        return await task();
      } finally {
        fs.rmSync(slot, { recursive: true, force: true });
      }
    }
    await sleep(POLL_MS);
  }
}
