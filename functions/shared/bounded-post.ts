// One POST over Node's own http/https with a keep-alive agent, bounded in
// time (headers and body alike, by a time limit that several posts may share)
// and in size. Edge functions use this rather
// than the global fetch: on Node 20 the first fetch loads undici, measured at
// +170 ms of cold start (`new Headers()` alone +33 ms), while http/https
// load in a few ms, and a warm keep-alive request is cheaper too. Each
// module is loaded by the first post that needs it: an https endpoint never
// loads http's own agent, and a plain-http one (loopback) never loads https
// and tls (about 2.8 ms of CPU).
import type * as Http from "node:http";

export interface PostAnswer {
  status: number;
  text: string;
}

/** Why no answer came: the caller turns every one of them into "unavailable". */
export class PostFailedError extends Error {
  constructor(readonly reason: "timeout" | "network" | "too-large") {
    super(`post failed: ${reason}`);
    this.name = "PostFailedError";
  }
}

/**
 * One time limit over several posts: the table calls of one viewer request
 * (a look-up, its confirmation at home, an activity record) end together
 * once `ms` have passed since the first started, however they split the
 * time. Started by the first post that uses it; `end()` clears its timer.
 */
export class TimeLimit {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private spent = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ms: number) {}

  get expired(): boolean {
    return this.spent;
  }

  /** Calls `listener` when the time is up; returns the function that unsubscribes it. */
  onExpiry(listener: () => void): () => void {
    this.timer ??= setTimeout(() => {
      this.spent = true;
      const waiting = [...this.listeners];
      this.listeners.clear();
      for (const expire of waiting) expire();
    }, this.ms);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  end(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}

interface Transport {
  request: typeof Http.request;
  /** One connection pool per instance: consecutive look-ups skip TCP and TLS set-up. */
  agent: Http.Agent;
}

let httpTransport: Transport | undefined;
let httpsTransport: Transport | undefined;

function transportOf(module: typeof Http): Transport {
  return { request: module.request, agent: new module.Agent({ keepAlive: true }) };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
const transportFor = (url: URL): Transport =>
  url.protocol === "https:"
    ? (httpsTransport ??= transportOf(require("node:https") as typeof Http))
    : (httpTransport ??= transportOf(require("node:http") as typeof Http));
/* eslint-enable @typescript-eslint/no-require-imports */

export function boundedPost(
  url: URL,
  headers: Record<string, string>,
  body: string,
  limits: { timeLimit: TimeLimit; maxBytes: number },
): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    if (limits.timeLimit.expired) {
      reject(new PostFailedError("timeout"));
      return;
    }
    const { request: send, agent } = transportFor(url);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      outcome();
    };
    const request = send(url, { method: "POST", headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          request.destroy();
          finish(() => reject(new PostFailedError("too-large")));
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        ),
      );
      response.on("error", () => finish(() => reject(new PostFailedError("network"))));
    });
    // One limit over the whole exchange: a server that answers slowly, or
    // trickles its answer, ends the same way as one that never answers.
    const unsubscribe = limits.timeLimit.onExpiry(() => {
      request.destroy();
      finish(() => reject(new PostFailedError("timeout")));
    });
    request.on("error", () => finish(() => reject(new PostFailedError("network"))));
    request.end(body);
  });
}
