// Lambda@Edge's header rules ("Restrictions on edge functions"): headers a
// function never sees and may not add (disallowed), and headers a
// viewer-request function may read but not change (read-only). CloudFront
// answers 502 when a function breaks them.

const DISALLOWED_EXACT = new Set([
  "connection",
  "expect",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "trailer",
  "upgrade",
  "x-accel-buffering",
  "x-accel-charset",
  "x-accel-limit-rate",
  "x-accel-redirect",
  "x-amzn-auth",
  "x-amzn-cf-billing",
  "x-amzn-cf-id",
  "x-amzn-cf-xff",
  "x-amzn-errortype",
  "x-amzn-fle-profile",
  "x-amzn-header-count",
  "x-amzn-header-order",
  "x-amzn-lambda-integration-tag",
  "x-amzn-requestid",
  "x-cache",
  "x-forwarded-proto",
  "x-real-ip",
]);

const DISALLOWED_PREFIXES = ["x-amz-cf-", "x-edge-"];

/** Read-only in viewer-request events: a function may not change or remove them. */
export const VIEWER_REQUEST_READ_ONLY = new Set([
  "content-length",
  "host",
  "transfer-encoding",
  "via",
]);

/**
 * Read-only in any response CloudFront sends: a generated response may not
 * set them (CloudFront frames the response itself).
 */
export const GENERATED_RESPONSE_READ_ONLY = new Set(["transfer-encoding", "via"]);

/** Whether `name` (any case) is a disallowed header. */
export function isDisallowedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return DISALLOWED_EXACT.has(lower) || DISALLOWED_PREFIXES.some((p) => lower.startsWith(p));
}
