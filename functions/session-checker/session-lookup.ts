// One session look-up: a SigV4-signed DynamoDB GetItem over the runtime's
// global fetch (aws4fetch signs; no AWS SDK in a viewer-request bundle, see
// DESIGN.md decision 7). Bounded by a time-out over the whole exchange, never
// retried (a retry would spend the viewer's time; the next request asks
// again), never thrown: every failure is an outcome the gate answers 503.
import { AwsClient } from "aws4fetch";
import type { SessionCheckerConfig } from "./config";
import { errorType, getItemBody, readGetItemResult, type LookupOutcome } from "./get-item";
import { endpointFor, lookupRegion } from "./table-endpoint";

export type { LookupOutcome };

/** Looks up the item of table key `key`. */
export type LookUpSession = (key: string) => Promise<LookupOutcome>;

/** What the look-up reads of the Lambda environment (Lambda sets all four). */
export interface AwsEnvironment {
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  /** Region this instance runs in: a Lambda@Edge replica's, not us-east-1. */
  AWS_REGION?: string;
}

/** A GetItem answer of three attributes is well under 1 KB; anything huge is not one. */
const MAX_ANSWER_CHARS = 64 * 1024;

function log(message: string, fields: Record<string, unknown>): void {
  console.error(JSON.stringify({ message, ...fields }));
}

/**
 * The look-up for `config` (already validated), signing with the
 * environment's credentials; null when the environment has none.
 */
export function createSessionLookup(
  config: SessionCheckerConfig,
  env: AwsEnvironment,
): LookUpSession | null {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) return null;
  const region = lookupRegion(config.table, env.AWS_REGION);
  const url = endpointFor(config.table.endpoint, region);
  const client = new AwsClient({
    accessKeyId,
    secretAccessKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
    service: "dynamodb",
    region,
    // aws4fetch retries 5xx and 429 ten times by default: the time-out would end them anyway.
    retries: 0,
  });

  const unavailable = (reason: string, fields: Record<string, unknown> = {}): LookupOutcome => {
    log("session table unavailable", { reason, region, ...fields });
    return { kind: "unavailable", reason };
  };

  return async (key) => {
    let status: number;
    let text: string;
    try {
      // One signal for headers and body: a table that answers slowly, or
      // trickles its answer, ends the same way as one that never answers.
      const signal = AbortSignal.timeout(config.lookupTimeoutMs);
      const response = await client.fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.GetItem",
        },
        body: getItemBody(config.table.name, key),
        signal,
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      // By name, not instanceof: the abort reason is a DOMException, which
      // need not share this module's realm.
      const name = (err as { name?: unknown } | null)?.name;
      if (name === "TimeoutError") return unavailable("timeout");
      return unavailable("no answer", { error: typeof name === "string" ? name : "unknown" });
    }
    if (text.length > MAX_ANSWER_CHARS) return unavailable("answer too large", { status });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    // Throttling, capacity, auth or server errors alike: the check cannot run.
    if (status !== 200) return unavailable("error answer", { status, type: errorType(body) });
    const outcome = readGetItemResult(body);
    if (outcome.kind === "unavailable") return unavailable(outcome.reason, { status });
    if (outcome.kind === "not-found" && outcome.malformed) {
      // Denied like a missing item; logged because the session manager wrote it.
      log("session item malformed", {});
    }
    return outcome;
  };
}
