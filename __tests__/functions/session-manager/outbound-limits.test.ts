// The time limits of the regional functions' outbound calls
// (functions/shared/hosted-ui/outbound-limits.ts): production's keep one
// hanging dependency within 2 s, and the overrides tests use replace exactly
// what they name.
import {
  awsClientLimits,
  OUTBOUND_LIMITS,
  resolveOutboundLimits,
} from "../../../functions/shared/hosted-ui/outbound-limits";

/** What a hanging dependency may cost one request. */
const BUDGET_MS = 2000;
/** The SDK's longest first back-off for an error other than throttling (a time-out). */
const SDK_FIRST_BACKOFF_MS = 100;

describe("production's limits", () => {
  const { aws, tokenEndpointMs, jwksMs } = OUTBOUND_LIMITS;

  it("end an AWS call to a dependency that never answers within 2 s", () => {
    expect(aws.overallMs).toBeLessThanOrEqual(BUDGET_MS);
    // Even if the overall limit did not cut in, the attempts' own limits would.
    expect(
      aws.maxAttempts * aws.requestMs + (aws.maxAttempts - 1) * SDK_FIRST_BACKOFF_MS,
    ).toBeLessThan(BUDGET_MS);
    expect(aws.connectMs).toBeLessThanOrEqual(aws.requestMs);
    expect(aws.maxAttempts).toBeGreaterThanOrEqual(1);
  });

  it("end a call to the token endpoint or the JWKS within 2 s", () => {
    expect(tokenEndpointMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(jwksMs).toBeLessThanOrEqual(BUDGET_MS);
  });

  it("leave a slow but working dependency a few hundred milliseconds at least", () => {
    for (const ms of [aws.connectMs, aws.requestMs, tokenEndpointMs, jwksMs]) {
      expect(ms).toBeGreaterThanOrEqual(300);
    }
  });

  it("become SDK settings whose request time-out fails the attempt", () => {
    expect(awsClientLimits(aws)).toEqual({
      maxAttempts: aws.maxAttempts,
      requestHandler: {
        connectionTimeout: aws.connectMs,
        requestTimeout: aws.requestMs,
        socketTimeout: aws.requestMs,
        throwOnRequestTimeout: true,
      },
    });
  });
});

describe("overrides", () => {
  it("are production's limits when none is given", () => {
    expect(resolveOutboundLimits()).toEqual(OUTBOUND_LIMITS);
    expect(resolveOutboundLimits({ outboundTimeoutMs: undefined })).toEqual(OUTBOUND_LIMITS);
  });

  it("replace every limit with outboundTimeoutMs, keeping the attempts", () => {
    expect(resolveOutboundLimits({ outboundTimeoutMs: 60_000 })).toEqual({
      aws: {
        connectMs: 60_000,
        requestMs: 60_000,
        maxAttempts: OUTBOUND_LIMITS.aws.maxAttempts,
        overallMs: 60_000,
      },
      tokenEndpointMs: 60_000,
      jwksMs: 60_000,
    });
  });

  it("replace one kind of call with outboundTimeouts, over outboundTimeoutMs", () => {
    const limits = resolveOutboundLimits({
      outboundTimeoutMs: 60_000,
      outboundTimeouts: { jwks: 100 },
    });
    expect(limits.jwksMs).toBe(100);
    expect(limits.tokenEndpointMs).toBe(60_000);
    expect(limits.aws.overallMs).toBe(60_000);
    const one = resolveOutboundLimits({ outboundTimeouts: { aws: 5 } });
    expect(one.aws).toEqual({ connectMs: 5, requestMs: 5, maxAttempts: 2, overallMs: 5 });
    expect(one.tokenEndpointMs).toBe(OUTBOUND_LIMITS.tokenEndpointMs);
  });
});
