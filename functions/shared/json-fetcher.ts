// A fetcher for aws-jwt-verify's JWKS cache, built on the runtime's global
// fetch. The library's own fetcher speaks https only; this one also reaches a
// plain-http loopback issuer (local runs), and bounds every call with a
// time-out so a slow issuer cannot hold a viewer request for Lambda@Edge's
// whole 5 s budget.
import type { Fetcher } from "aws-jwt-verify/https";
import { BodyTooLargeError, readCappedBody } from "./capped-body";

/** The document could not be obtained: network error, time-out, non-200 or oversized. */
export class FetchFailedError extends Error {
  constructor(reason: string) {
    super(`fetch failed: ${reason}`);
    this.name = "FetchFailedError";
  }
}

/** Bound on a fetched document: a JWKS is about 1 KB; anything huge is not one. */
const MAX_BYTES = 64 * 1024;

/** A GET-only Fetcher: resolves with the 200 body, rejects with FetchFailedError otherwise. */
export function createJsonFetcher(timeoutMs: number): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      let response: Response;
      try {
        response = await fetch(uri, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new FetchFailedError("no response");
      }
      if (response.status !== 200) {
        // Release the connection; the body is of no use.
        await response.body?.cancel().catch(() => undefined);
        throw new FetchFailedError(`status ${response.status}`);
      }
      try {
        // The time-out signal also aborts a body that trickles in too slowly.
        return await (await readCappedBody(response, MAX_BYTES)).arrayBuffer();
      } catch (err) {
        throw new FetchFailedError(
          err instanceof BodyTooLargeError ? "body too large" : "body not received",
        );
      }
    },
  };
}
