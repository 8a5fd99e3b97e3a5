// The session table calls of one viewer request: a look-up in the nearest
// copy, its confirmation in the home table when the nearest copy's answer may
// be replication lag (replica-lag.ts), and an activity record in the home
// table. Each is a SigV4-signed DynamoDB call (functions/shared/sigv4.ts signs;
// no AWS SDK in a viewer-request bundle, see
// docs/decisions/0007-tiny-edge-bundles.md) over
// Node's https with a keep-alive agent (not fetch: see
// functions/shared/bounded-post.ts). One time limit covers all the calls of a
// request; none is retried (a retry would spend the viewer's time; the next
// request asks again), none throws: a look-up failure is an outcome the gate
// answers 503, an activity record failure is logged and nothing more. Node's
// https and crypto load with the first call (bounded-post.ts, sigv4.ts): a
// request on a public path, or answered from the lookup cache, needs neither.
import { boundedPost, PostFailedError, TimeLimit } from "../shared/bounded-post";
import { logError } from "../shared/log";
import { signPost, type SigningCredentials } from "../shared/sigv4";
import type { SessionCheckerConfig } from "./config";
import { errorType, getItemBody, readGetItemResult, type LookupOutcome } from "./get-item";
import { endpointFor, lookupRegion } from "./table-endpoint";
import { activityUpdateBody, readUpdateItemAnswer, type ActivityOutcome } from "./update-item";

export type { ActivityOutcome, LookupOutcome };

/** The table calls of one request, under one time limit started by the first of them. */
export interface RequestCalls {
  /**
   * The item of table key `key` from the nearest copy; from the home table
   * instead when `confirmAtHome` says the nearest copy's answer may lag.
   */
  lookUp: (
    key: string,
    confirmAtHome: (nearest: LookupOutcome) => boolean,
  ) => Promise<LookupOutcome>;
  /** Moves the session's lastSeenAt to `nowSeconds` in the home table, conditionally. */
  recordActivity: (
    key: string,
    nowSeconds: number,
    idleTimeoutSeconds: number,
  ) => Promise<ActivityOutcome>;
  /** Ends the request's time limit. */
  end: () => void;
}

/** Starts the table calls of one request. */
export type SessionTable = () => RequestCalls;

/** What the calls read of the Lambda environment (Lambda sets all four). */
export interface AwsEnvironment {
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  /** Region this instance runs in: a Lambda@Edge replica's, not us-east-1. */
  AWS_REGION?: string;
}

/** A GetItem answer of three attributes is well under 1 KB; anything huge is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

type Operation = "GetItem" | "UpdateItem";
type Answer =
  | { kind: "answer"; status: number; body: unknown }
  | { kind: "failed"; reason: "timeout" | "no answer"; error: string };
/** One signed call to the table copy in one region. */
type Call = (operation: Operation, body: string, timeLimit: TimeLimit) => Promise<Answer>;

function createCall(endpoint: string, region: string, credentials: SigningCredentials): Call {
  const url = new URL(endpointFor(endpoint, region));
  return async (operation, body, timeLimit) => {
    try {
      // Signed per call: the signature covers the time and the body.
      const headers = signPost(
        {
          url,
          region,
          service: "dynamodb",
          headers: {
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": `DynamoDB_20120810.${operation}`,
          },
          body,
        },
        credentials,
      );
      const answer = await boundedPost(url, headers, body, {
        timeLimit,
        maxBytes: MAX_ANSWER_BYTES,
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        parsed = undefined;
      }
      return { kind: "answer", status: answer.status, body: parsed };
    } catch (err) {
      const error = err instanceof PostFailedError ? err.reason : "network";
      return { kind: "failed", reason: error === "timeout" ? "timeout" : "no answer", error };
    }
  };
}

/**
 * The table calls for `config` (already validated), signing with the
 * environment's credentials; null when the environment has none.
 */
export function createSessionTable(
  config: SessionCheckerConfig,
  env: AwsEnvironment,
): SessionTable | null {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) return null;
  const credentials = {
    accessKeyId,
    secretAccessKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
  const { name, endpoint, homeRegion } = config.table;
  const nearestRegion = lookupRegion(config.table, env.AWS_REGION);
  const atHome = createCall(endpoint, homeRegion, credentials);
  const nearest =
    nearestRegion === homeRegion ? atHome : createCall(endpoint, nearestRegion, credentials);

  /** One consistent GetItem in `region`; every failure logged and returned as "unavailable". */
  async function read(call: Call, region: string, key: string, timeLimit: TimeLimit) {
    const unavailable = (reason: string, fields: Record<string, unknown> = {}): LookupOutcome => {
      logError("session table unavailable", { reason, region, ...fields });
      return { kind: "unavailable", reason };
    };
    const answer = await call("GetItem", getItemBody(name, key), timeLimit);
    if (answer.kind === "failed") return unavailable(answer.reason, { error: answer.error });
    const { status, body } = answer;
    // Throttling, capacity, auth or server errors alike: the check cannot run.
    if (status !== 200) return unavailable("error answer", { status, type: errorType(body) });
    const outcome = readGetItemResult(body);
    if (outcome.kind === "unavailable") return unavailable(outcome.reason, { status });
    if (outcome.kind === "not-found" && outcome.malformed) {
      // Denied like a missing item; logged because the session manager wrote it.
      logError("session item malformed", { region });
    }
    return outcome;
  }

  return () => {
    const timeLimit = new TimeLimit(config.lookupTimeoutMs);
    return {
      lookUp: async (key, confirmAtHome) => {
        const outcome = await read(nearest, nearestRegion, key, timeLimit);
        if (nearest === atHome || !confirmAtHome(outcome)) return outcome;
        return read(atHome, homeRegion, key, timeLimit);
      },
      recordActivity: async (key, nowSeconds, idleTimeoutSeconds) => {
        const body = activityUpdateBody(name, key, nowSeconds, idleTimeoutSeconds);
        const answer = await atHome("UpdateItem", body, timeLimit);
        const fields = { region: homeRegion };
        if (answer.kind === "failed") {
          logError("activity not recorded", {
            reason: answer.reason,
            error: answer.error,
            ...fields,
          });
          return { kind: "failed", reason: answer.reason };
        }
        const outcome = readUpdateItemAnswer(answer.status, answer.body);
        if (outcome.kind === "failed") {
          const { status, body: answered } = answer;
          logError("activity not recorded", {
            reason: outcome.reason,
            status,
            type: errorType(answered),
            ...fields,
          });
        }
        return outcome;
      },
      end: () => timeLimit.end(),
    };
  };
}
