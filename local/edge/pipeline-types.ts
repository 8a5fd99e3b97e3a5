// What goes into and out of the emulated distribution, and what each step of
// a viewer request may use: the stack's model, the content folder, the
// running functions, the trusted key groups, the shared cache, the clock
// and the request log.
import type { EdgeCache } from "./cache";
import type { Invocation } from "./function-worker";
import type { LocalRequestLogEntry } from "./request-log";
import type { KeyGroup } from "./signed-access";
import type { StackModel } from "./stack-model";

export interface ViewerRequest {
  method: string;
  /** The request target as sent (path and query). */
  target: string;
  /** [name as sent, value] in arrival order. */
  headers: [string, string][];
  body: Buffer;
  clientIp: string;
  /** Bytes of the request line and header block. */
  headBytes: number;
}

export interface ViewerResponse {
  status: number;
  statusMessage?: string;
  headers: [string, string][];
  body: Buffer;
}

export interface RunningFunction {
  runner: {
    invoke(event: unknown, timeoutMs: number): Promise<Invocation>;
    close(): Promise<void>;
  };
  /** The function's own time limit (regional functions). */
  timeoutSeconds: number;
}

export interface PipelineDeps {
  model: StackModel;
  contentDir: string;
  /** host[:port] viewers use. */
  host: string;
  functions: Map<string, RunningFunction>;
  /** Trusted key groups by key group address. */
  keyGroups: Map<string, KeyGroup>;
  cache: EdgeCache;
  viewerRequestTimeoutMs: number;
  now: () => number;
  log: (entry: LocalRequestLogEntry) => void;
}
