// Runs one deployed bundle (index.js as synthesized) in worker threads, one
// invocation per worker at a time as Lambda runs one event per execution
// environment; a worker that exceeds its time limit is terminated (the next
// invocation starts cold), and close() leaves no worker behind.
import * as readline from "node:readline";
import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";

/** The worker's code: load the bundle once, answer each event with the handler's result. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let handler;
parentPort.on("message", async ({ id, event }) => {
  try {
    handler ??= require(workerData.file).handler;
    if (typeof handler !== "function") throw new Error("the bundle exports no handler");
    const result = await handler(event, { functionName: workerData.functionName, awsRequestId: String(id) });
    parentPort.postMessage({ id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: String(err && err.stack || err) });
  }
});
`;

export type Invocation =
  | { outcome: "returned"; result: unknown }
  | { outcome: "error"; error: string }
  | { outcome: "timeout" };

export interface FunctionRunnerOptions {
  /** Absolute path of the bundle (index.js). */
  file: string;
  functionName: string;
  /** The whole environment the function sees (process.env inside the worker). */
  env: Record<string, string>;
  /** Most workers alive at once; further invocations wait. */
  maxWorkers?: number;
  /**
   * Each line the function writes (console.log, console.error), as CloudWatch
   * would get it; default: the worker writes to this process's own output.
   */
  log?: (line: string) => void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class FunctionRunner {
  private readonly slots = new Set<Slot>();
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: FunctionRunnerOptions) {}

  /** One invocation with `event`, bounded by `timeoutMs`. */
  async invoke(event: unknown, timeoutMs: number): Promise<Invocation> {
    const slot = await this.acquire();
    const id = this.nextId++;
    return new Promise<Invocation>((resolve) => {
      let settled = false;
      const finish = (invocation: Invocation, keep: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        slot.worker.off("message", onMessage);
        slot.worker.off("error", onError);
        slot.worker.off("exit", onExit);
        if (keep) this.release(slot);
        else this.discard(slot);
        resolve(invocation);
      };
      const onMessage = (message: {
        id: number;
        ok: boolean;
        result?: unknown;
        error?: string;
      }) => {
        if (message.id !== id) return;
        finish(
          message.ok
            ? { outcome: "returned", result: message.result }
            : { outcome: "error", error: message.error ?? "unknown error" },
          true,
        );
      };
      const onError = (err: Error) => finish({ outcome: "error", error: String(err) }, false);
      const onExit = () =>
        finish({ outcome: "error", error: "the function's runtime exited" }, false);
      const timer = setTimeout(() => finish({ outcome: "timeout" }, false), timeoutMs);
      slot.worker.on("message", onMessage);
      slot.worker.on("error", onError);
      slot.worker.on("exit", onExit);
      slot.worker.postMessage({ id, event });
    });
  }

  /** Terminates every worker; invocations still running end as errors. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.slots].map((s) => s.worker);
    this.slots.clear();
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error(`${this.options.functionName} is closed`);
      const idle = [...this.slots].find((s) => !s.busy);
      if (idle !== undefined) {
        idle.busy = true;
        return idle;
      }
      if (this.slots.size < (this.options.maxWorkers ?? 8)) {
        const slot: Slot = { worker: this.spawn(), busy: true };
        this.slots.add(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: this.options.env,
      workerData: { file: this.options.file, functionName: this.options.functionName },
      stdout: this.options.log !== undefined,
      stderr: this.options.log !== undefined,
    });
    const log = this.options.log;
    if (log !== undefined) {
      for (const stream of [worker.stdout, worker.stderr] as Readable[]) {
        readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", log);
      }
    }
    // An idle worker must not keep the process alive, nor crash it.
    worker.unref();
    worker.on("error", () => undefined);
    return worker;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  private discard(slot: Slot): void {
    this.slots.delete(slot);
    void slot.worker.terminate();
    this.waiting.shift()?.();
  }
}
