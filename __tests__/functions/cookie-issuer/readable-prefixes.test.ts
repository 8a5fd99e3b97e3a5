// The pure rules behind every issue: which names are safe, which prefixes
// a user gets, which are dropped as nested, which would overlap, and the
// size limits a set of cookies must keep.
import {
  checkCookieCount,
  checkCookieSizes,
  MAX_COOKIE_HEADER_BYTES,
} from "../../../functions/cookie-issuer/cookie-limits";
import type { IssuedCookie } from "../../../functions/cookie-issuer/cookie-sets";
import {
  cookiePathMatches,
  grantedPrefixes,
  isSafeName,
  isSafePrefix,
  isUserTemplate,
  outermostPrefixes,
  overlappingPrefixes,
} from "../../../functions/cookie-issuer/readable-prefixes";

const rules = {
  groupPrefixes: [
    { group: "readers", prefix: "/shared/" },
    { group: "auditors", prefix: "/reports/summary.pdf" },
  ],
  userPrefixes: ["/users/{sub}/", "/inbox/{sub}/drafts/"],
};

describe("safe names", () => {
  it.each(["3f1c9a52-8d4e-4b7a-9c21-5e6f7a8b9c0d", "alice", "team_a", "v1.2", "A-Z"])(
    "accepts %j",
    (name) => expect(isSafeName(name)).toBe(true),
  );
  it.each(["", ".", "..", ".a", "a..b", "a/b", "a*", "a?", "a b", "a%2F", "a\u0000", "ü", 42])(
    "refuses %j",
    (name) => expect(isSafeName(name)).toBe(false),
  );
  it("accepts folders, exact paths and templates of safe segments only", () => {
    expect(["/", "/a/", "/a/b.pdf", "/a/b/"].every(isSafePrefix)).toBe(true);
    expect(["", "a/", "//", "/a//b/", "/a/./", "/a/*", "/a?/", "/{sub}/"].some(isSafePrefix)).toBe(
      false,
    );
    expect(isUserTemplate("/users/{sub}/")).toBe(true);
    expect(isUserTemplate("/users/{sub}.d/")).toBe(false);
    expect(isUserTemplate("/users/")).toBe(false);
  });
});

describe("grantedPrefixes", () => {
  it("fills every template with the sub and adds the groups' prefixes", () => {
    expect(grantedPrefixes({ sub: "abc", groups: ["readers", "others"] }, rules)).toEqual({
      ok: true,
      prefixes: ["/users/abc/", "/inbox/abc/drafts/", "/shared/"],
    });
  });
  it("keeps a sub's '$&' literal", () => {
    expect(isSafeName("$&")).toBe(false);
    expect(grantedPrefixes({ sub: "$&", groups: [] }, rules)).toEqual({
      ok: false,
      reason: "unsafe_sub",
    });
  });
});

describe("outermostPrefixes", () => {
  it("drops duplicates and anything inside a granted folder, keeps siblings", () => {
    expect(
      outermostPrefixes(["/a/", "/a/b/", "/a/c.pdf", "/a/", "/ab/", "/b/x.pdf", "/b/x.pdf"]),
    ).toEqual(["/a/", "/ab/", "/b/x.pdf"]);
  });
  it("keeps only the root when the whole site is granted", () => {
    expect(outermostPrefixes(["/users/x/", "/", "/shared/"])).toEqual(["/"]);
  });
});

describe("overlappingPrefixes", () => {
  it("finds an exact path whose cookies would ride along below it", () => {
    expect(cookiePathMatches("/a/b/c", "/a/b")).toBe(true);
    expect(cookiePathMatches("/a/bc", "/a/b")).toBe(false);
    expect(overlappingPrefixes(["/a/b", "/a/b/"])).toEqual(["/a/b", "/a/b/"]);
    expect(overlappingPrefixes(["/a/b", "/a/b/c.pdf"])).toEqual(["/a/b", "/a/b/c.pdf"]);
    expect(overlappingPrefixes(["/a/b", "/a/bc/", "/a/"])).toEqual(["/a/", "/a/b"]);
    expect(overlappingPrefixes(["/a/b", "/a/bc/"])).toBeNull();
  });
});

describe("cookie limits", () => {
  const cookie = (name: string, path: string, valueBytes: number): IssuedCookie => {
    const value = "v".repeat(valueBytes);
    return { name, value, path, header: `${name}=${value}; Path=${path}` };
  };

  it("counts the sets, the issued-paths cookie and five login cookies (tabs) against 50", () => {
    expect(checkCookieCount(11, 4)).toEqual({ ok: true });
    expect(checkCookieCount(14, 3)).toEqual({ ok: true });
    expect(checkCookieCount(15, 3)).toEqual({
      ok: false,
      limit: "cookies_per_domain",
      maximum: 50,
      required: 51,
    });
  });

  it("refuses a cookie over 4096 bytes", () => {
    const check = checkCookieSizes([cookie("CloudFront-Policy", "/a/", 4080)], ["/a/"]);
    expect(check).toMatchObject({ ok: false, limit: "cookie_bytes", maximum: 4096 });
  });

  it("refuses a Cookie header over 8192 bytes on any one path", () => {
    const big = (n: string, path: string) => cookie(n, path, 2800);
    // Three near-4 KB cookies reach the same request: over 8192 together.
    const cookies = [big("A", "/"), big("B", "/"), big("C", "/_auth")];
    const check = checkCookieSizes(cookies, ["/", "/_auth/"]);
    expect(check).toMatchObject({ ok: false, limit: "cookie_header_bytes" });
    expect(check.ok || check.required > MAX_COOKIE_HEADER_BYTES).toBe(true);
    // Apart, on different paths, the same cookies fit.
    const apart = [big("A", "/a/"), big("B", "/b/"), big("C", "/_auth")];
    expect(checkCookieSizes(apart, ["/a/", "/b/", "/_auth/"])).toEqual({ ok: true });
  });
});
