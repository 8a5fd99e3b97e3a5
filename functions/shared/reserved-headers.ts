// Request headers an edge function must not set as its identity header:
// credentials, hop-by-hop headers, those Lambda@Edge forbids (CloudFront
// answers 502) or keeps read-only, and `__proto__`. A set and a few
// prefixes rather than one case-insensitive alternation: V8 compiles such a
// pattern on its first use, about 0.25 ms of every cold start, for a check
// that runs once per config.

const RESERVED_NAMES = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "host",
  "via",
  "content-length",
  "transfer-encoding",
  "connection",
  "expect",
  "keep-alive",
  "te",
  "trailer",
  "upgrade",
  "x-real-ip",
  "x-cache",
  // A token, but as a key of a header map it would set the map's prototype:
  // the header would never reach the origin.
  "__proto__",
]);

const RESERVED_PREFIXES = [
  "proxy-",
  "x-forwarded-",
  "x-amz-",
  "x-amzn-",
  "x-edge-",
  "x-accel-",
  "cloudfront-",
] as const;

/**
 * Whether `name` (an RFC 9110 token, any case) is a header edge-gate must
 * not set. The config parsers check the token first, so only ASCII reaches
 * this; were anything else to, lowercasing can only reserve more.
 */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_NAMES.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}
