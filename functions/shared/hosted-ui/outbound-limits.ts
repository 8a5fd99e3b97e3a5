// Time limits of every outbound call the regional login functions make (the
// session manager: its table, the token endpoint, the JWKS; the cookie
// issuer: Secrets Manager, the token endpoint, the JWKS), in one place so
// their budget can be checked: a dependency that accepts the connection and
// never answers must cost a request less than 2 s, far inside the Lambda's
// 10 s, and end in a 503 rather than a Lambda time-out.

/** What one hanging dependency may cost a request. */
export const HANGING_DEPENDENCY_BUDGET_MS = 2000;

/** Limits of one AWS SDK call (DynamoDB, Secrets Manager). */
export interface AwsCallLimits {
  /** Establishing the connection. */
  connectMs: number;
  /** One attempt, from sending to the answer's headers; also the longest silence within its body. */
  requestMs: number;
  /** Attempts in all: one retry rides out a dropped connection, more would outlast the budget. */
  maxAttempts: number;
  /** The whole call, retries and their back-off included. */
  overallMs: number;
}

export interface OutboundLimits {
  aws: AwsCallLimits;
  /** One call to the hosted UI's /oauth2/token or /oauth2/revoke, connection to last byte. */
  tokenEndpointMs: number;
  /** One JWKS fetch, connection to last byte. */
  jwksMs: number;
}

/**
 * Production's limits. In-region DynamoDB and Secrets Manager answer in tens
 * of milliseconds and Cognito's endpoints in a few hundred, so each limit
 * leaves a slow dependency ample room while a dead one is given up on well
 * within the budget: two attempts of 800 ms and the SDK's first back-off
 * (at most 100 ms for errors other than throttling) stay under it even
 * before the overall limit cuts in.
 */
export const OUTBOUND_LIMITS: OutboundLimits = {
  aws: { connectMs: 400, requestMs: 800, maxAttempts: 2, overallMs: 1700 },
  tokenEndpointMs: 1500,
  jwksMs: 1500,
};

export type OutboundCall = "aws" | "tokenEndpoint" | "jwks";

/** How a handler's caller may replace the limits (tests; production sets neither). */
export interface OutboundOverrides {
  /**
   * Replaces the time limit of every outbound call (tests: a loaded machine
   * must make a call to a loopback service slower, never fail it).
   */
  outboundTimeoutMs?: number;
  /** Replaces the limit of one kind of call, over outboundTimeoutMs (tests: one hanging dependency). */
  outboundTimeouts?: Partial<Record<OutboundCall, number>>;
}

/** Production's limits with the caller's replacements, if any. */
export function resolveOutboundLimits(overrides: OutboundOverrides = {}): OutboundLimits {
  const replaced = (call: OutboundCall) =>
    overrides.outboundTimeouts?.[call] ?? overrides.outboundTimeoutMs;
  const aws = replaced("aws");
  return {
    aws:
      aws === undefined
        ? OUTBOUND_LIMITS.aws
        : {
            connectMs: aws,
            requestMs: aws,
            maxAttempts: OUTBOUND_LIMITS.aws.maxAttempts,
            overallMs: aws,
          },
    tokenEndpointMs: replaced("tokenEndpoint") ?? OUTBOUND_LIMITS.tokenEndpointMs,
    jwksMs: replaced("jwks") ?? OUTBOUND_LIMITS.jwksMs,
  };
}

/**
 * AWS SDK v3 client settings for `limits`: its NodeHttpHandler with
 * connection, request and socket time-outs that fail the attempt (by default
 * a request time-out only logs a warning), and few attempts.
 */
export function awsClientLimits(limits: AwsCallLimits) {
  return {
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: limits.connectMs,
      requestTimeout: limits.requestMs,
      socketTimeout: limits.requestMs,
      throwOnRequestTimeout: true,
    },
  };
}

interface AbortableSend {
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/**
 * `client` whose every send is also bounded as a whole, retries included, so
 * no retry policy of the SDK can stretch a call past `overallMs`.
 */
export function withOverallLimit<Client extends AbortableSend>(
  client: Client,
  overallMs: number,
): Pick<Client, "send"> {
  const send = (command: never, options: { abortSignal?: AbortSignal } = {}) =>
    client.send(command, { ...options, abortSignal: AbortSignal.timeout(overallMs) });
  return { send: send as Client["send"] };
}

/**
 * An abort signal that fires after `ms`, and the function that disarms it
 * once the call is over. Built on setTimeout, like the SDK's own time-outs,
 * so every limit of a call runs on the same clock.
 */
export function deadline(ms: number): { signal: AbortSignal; disarm: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")),
    ms,
  );
  return { signal: controller.signal, disarm: () => clearTimeout(timer) };
}
