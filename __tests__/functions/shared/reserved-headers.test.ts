// The request headers an edge function must never set as its identity
// header, held to the case-insensitive pattern both config parsers used
// before (the session checker's, which also names set-cookie), plus
// `__proto__`, which as a header map key would set the map's prototype.
import fc from "fast-check";
import { isReservedHeader } from "../../../functions/shared/reserved-headers";

const RESERVED_PATTERN =
  /^(authorization|cookie|set-cookie|host|via|content-length|transfer-encoding|connection|expect|keep-alive|proxy-.*|te|trailer|upgrade|x-forwarded-.*|x-real-ip|x-amzn?-.*|x-edge-.*|x-accel-.*|x-cache|cloudfront-.*)$/i;

const NAMES = [
  "authorization",
  "Cookie",
  "set-cookie",
  "HOST",
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
  "proxy-",
  "Proxy-Authorization",
  "x-forwarded-for",
  "X-Forwarded-",
  "x-amz-cf-id",
  "x-amzn-trace-id",
  "x-edge-location",
  "x-accel-buffering",
  "cloudfront-viewer-country",
  "__proto__",
];

describe("isReservedHeader", () => {
  it.each(NAMES)("reserves %s", (name) => {
    expect(isReservedHeader(name)).toBe(true);
  });

  it.each([
    "x-gate-sub",
    "x-user",
    "x-cache-status",
    "x-amzz-a",
    "x-amzn",
    "x-forwarded",
    "proxy",
    "tee",
    "hosts",
    "cookies",
    "x-real-ip2",
    "cloudfront",
    "authorization-x",
  ])("leaves %s to the caller", (name) => {
    expect(isReservedHeader(name)).toBe(false);
  });

  it("answers as the pattern does, for any header-token name", () => {
    const tokenChar = fc.constantFrom(..."!#$%&'*+.^_`|~-abcxyzAMNZ019".split(""));
    const name = fc.oneof(
      fc.string({ unit: tokenChar, minLength: 1, maxLength: 24 }),
      // Close to the reserved names: a reserved name or prefix, changed a little.
      fc
        .tuple(
          fc.constantFrom(...NAMES),
          fc.string({ unit: tokenChar, maxLength: 4 }),
          fc.boolean(),
        )
        .map(([base, extra, cut]) => (cut ? base.slice(0, -1) : base) + extra),
    );
    fc.assert(
      fc.property(
        name,
        (n) =>
          isReservedHeader(n) === (RESERVED_PATTERN.test(n) || n.toLowerCase() === "__proto__"),
      ),
      { numRuns: 5000 },
    );
  });
});
