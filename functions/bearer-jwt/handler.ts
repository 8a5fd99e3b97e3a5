// Lambda@Edge viewer-request entry point of the bearer-JWT mode. I/O only:
// read config.json (shipped next to the bundle, since Lambda@Edge has no
// environment variables), build the verifier, and hand each event to the
// gate. Nothing escapes: any failure becomes a 503, never a thrown error and
// never a passed request.
import { readFileSync } from "node:fs";
import { unavailable } from "../shared/responses";
import { gateRequest, type ViewerRequestResult } from "./gate";
import { parseConfig } from "./parse-config";
import { createAccessTokenVerifier } from "../shared/access-token-verifier";
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

/** config.json beside the bundle, read with fs: a static import would be inlined at build time. */
function readConfigFile(): unknown {
  try {
    return JSON.parse(readFileSync(`${__dirname}/config.json`, "utf8"));
  } catch {
    return undefined; // parseConfig reports it, and the handler refuses everything.
  }
}

let configured: ViewerRequestHandler | undefined;

/** The Lambda@Edge handler: reads config.json once, on the first event of this instance. */
export function handler(event: unknown): Promise<ViewerRequestResult> {
  try {
    configured ??= createHandler(readConfigFile());
    // A created handler never rejects: it answers 503 instead.
    return configured(event);
  } catch {
    return Promise.resolve(unavailable());
  }
}
