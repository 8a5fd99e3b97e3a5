// One session look-up: a SigV4-signed DynamoDB GetItem (aws4 signs; no AWS
// SDK in a viewer-request bundle, see docs/decisions/0007-tiny-edge-bundles.md) over Node's
// https with a keep-alive agent (not fetch: see functions/shared/bounded-post.ts). Bounded by a time-out over the whole exchange, never
// retried (a retry would spend the viewer's time; the next request asks
// again), never thrown: every failure is an outcome the gate answers 503.
import { sign } from "aws4";
import { boundedPost, PostFailedError, type PostAnswer } from "../shared/bounded-post";
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
const MAX_ANSWER_BYTES = 64 * 1024;

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
  const url = new URL(endpointFor(config.table.endpoint, region));
  const credentials = {
    accessKeyId,
    secretAccessKey,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
  const limits = { timeoutMs: config.lookupTimeoutMs, maxBytes: MAX_ANSWER_BYTES };

  const unavailable = (reason: string, fields: Record<string, unknown> = {}): LookupOutcome => {
    log("session table unavailable", { reason, region, ...fields });
    return { kind: "unavailable", reason };
  };

  return async (key) => {
    const requestBody = getItemBody(config.table.name, key);
    // Signed per request: the signature covers the time and the body.
    const signed = sign(
      {
        host: url.host,
        path: url.pathname + url.search,
        method: "POST",
        service: "dynamodb",
        region,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.GetItem",
        },
        body: requestBody,
      },
      credentials,
    );
    let answer: PostAnswer;
    try {
      answer = await boundedPost(
        url,
        signed.headers as Record<string, string>,
        requestBody,
        limits,
      );
    } catch (err) {
      const reason = err instanceof PostFailedError ? err.reason : "network";
      return unavailable(reason === "timeout" ? "timeout" : "no answer", { error: reason });
    }
    const { status, text } = answer;
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
