// Lambda@Edge viewer-request entry point of the session-cookie mode. I/O
// only: from config.json (read by ../shared/edge-entry.ts, since Lambda@Edge
// has no environment variables of its own) and the credentials Lambda
// provides, build the signed table calls, and hand each event to the gate.
// Nothing escapes: any failure becomes a 503, never a thrown error and never
// a passed request.
import { unavailable } from "../shared/responses";
import { createSessionCheck, type Clock } from "./check-session";
import { gateRequest, type ViewerRequestResult } from "./gate";
import { parseConfig } from "./parse-config";
import { createSessionTable, type AwsEnvironment } from "./session-lookup";
import { edgeEntry } from "../shared/edge-entry";
import { logError } from "../shared/log";

export type { AwsEnvironment, Clock, ViewerRequestResult };
export type ViewerRequestHandler = (event: unknown) => Promise<ViewerRequestResult>;

export interface HandlerOptions {
  /** Current time in milliseconds since the epoch; default Date.now. */
  now?: Clock;
  /** Credentials and region to sign with; default process.env, which Lambda fills. */
  env?: AwsEnvironment;
  /**
   * Replaces config.lookupTimeoutMs, the one limit over a request's table
   * calls, unbounded (tests: a loaded machine must make a look-up slower,
   * never a 503). Production leaves it unset.
   */
  outboundTimeoutMs?: number;
}

const refuseEverything: ViewerRequestHandler = async () => unavailable();

/**
 * A handler for `config` (the parsed content of config.json). Never throws:
 * an invalid config, or an environment without credentials, yields a handler
 * that answers every request with 503.
 */
export function createHandler(config: unknown, options: HandlerOptions = {}): ViewerRequestHandler {
  try {
    const parsed = parseConfig(config);
    if (!parsed.ok) {
      logError("invalid config", { problems: parsed.problems });
      return refuseEverything;
    }
    const { outboundTimeoutMs } = options;
    const table = createSessionTable(
      outboundTimeoutMs === undefined
        ? parsed.config
        : { ...parsed.config, lookupTimeoutMs: outboundTimeoutMs },
      options.env ?? process.env,
    );
    if (table === null) {
      logError("no AWS credentials in the environment");
      return refuseEverything;
    }
    const checkSession = createSessionCheck(parsed.config, table, options.now ?? Date.now);
    return async (event) => {
      try {
        return await gateRequest(event, parsed.config, checkSession);
      } catch (err) {
        logError("request check failed", { error: String(err) });
        return unavailable();
      }
    };
  } catch (err) {
    logError("session checker setup failed", { error: String(err) });
    return refuseEverything;
  }
}

/** The Lambda@Edge handler: reads config.json once, on the first event of this instance. */
export const handler: ViewerRequestHandler = edgeEntry(createHandler);
