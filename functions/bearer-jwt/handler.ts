// Lambda@Edge viewer-request entry point of the bearer-JWT mode. I/O only:
// from config.json (read by ../shared/edge-entry.ts, since Lambda@Edge has no
// environment variables), build the verifier, and hand each event to the
// gate. Nothing escapes: any failure becomes a 503, never a thrown error and
// never a passed request.
import { unavailable } from "../shared/responses";
import { gateRequest, type ViewerRequestResult } from "./gate";
import { parseConfig } from "./parse-config";
import { createAccessTokenVerifier } from "../shared/access-token-verifier";
import { edgeEntry } from "../shared/edge-entry";
import { logError } from "../shared/log";

export type { ViewerRequestResult };
export type ViewerRequestHandler = (event: unknown) => Promise<ViewerRequestResult>;

export interface HandlerOptions {
  /**
   * Replaces config.jwksFetchTimeoutMs, unbounded (tests: a loaded machine
   * must make a JWKS fetch slower, never a 503). Production leaves it unset.
   */
  outboundTimeoutMs?: number;
}

const refuseEverything: ViewerRequestHandler = async () => unavailable();

/**
 * A handler for `config` (the parsed content of config.json). Never throws:
 * an invalid config yields a handler that answers every request with 503.
 */
export function createHandler(config: unknown, options: HandlerOptions = {}): ViewerRequestHandler {
  try {
    const parsed = parseConfig(config);
    if (!parsed.ok) {
      logError("invalid config", { problems: parsed.problems });
      return refuseEverything;
    }
    const { outboundTimeoutMs } = options;
    const verify = createAccessTokenVerifier(
      outboundTimeoutMs === undefined
        ? parsed.config
        : { ...parsed.config, jwksFetchTimeoutMs: outboundTimeoutMs },
    );
    const failed = (err: unknown): ViewerRequestResult => {
      logError("request check failed", { error: String(err) });
      return unavailable();
    };
    // Not async: a request judged synchronously settles without extra ticks.
    return (event) => {
      try {
        const result = gateRequest(event, parsed.config, verify);
        return result instanceof Promise ? result.catch(failed) : Promise.resolve(result);
      } catch (err) {
        return Promise.resolve(failed(err));
      }
    };
  } catch (err) {
    logError("verifier setup failed", { error: String(err) });
    return refuseEverything;
  }
}

/** The Lambda@Edge handler: reads config.json once, on the first event of this instance. */
export const handler: ViewerRequestHandler = edgeEntry(createHandler);
