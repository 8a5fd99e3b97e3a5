// The pure decisions, without a table or an event: session validity, public
// paths and the login target.
import { judgeSession, loginLocation } from "../../../functions/session-checker/decide";
import { decide } from "../../../functions/shared/path-rules";

const NOW = 1_750_000_000;
const session = (overrides = {}) => ({
  sub: "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
  groups: [],
  expiresAt: NOW + 3600,
  lastSeenAt: NOW - 60,
  ...overrides,
});

describe("judgeSession", () => {
  it("accepts a live session within its idle timeout", () => {
    expect(judgeSession(session(), NOW, 1800)).toBe("valid");
  });

  it.each([
    ["expiresAt in the past", { expiresAt: NOW - 1 }, "expired"],
    ["expiresAt exactly now", { expiresAt: NOW }, "expired"],
    ["expiresAt a second from now", { expiresAt: NOW + 1 }, "valid"],
    ["last seen exactly the idle timeout ago", { lastSeenAt: NOW - 1800 }, "idle"],
    ["last seen a second less than the idle timeout ago", { lastSeenAt: NOW - 1799 }, "valid"],
    ["last seen in the future (clock skew)", { lastSeenAt: NOW + 30 }, "valid"],
    ["an empty sub", { sub: "" }, "bad-sub"],
    ["a sub with CR LF", { sub: "a\r\nx-evil: 1" }, "bad-sub"],
    ["a sub with DEL", { sub: "a\u007f" }, "bad-sub"],
    ["a sub of 1025 characters", { sub: "a".repeat(1025) }, "bad-sub"],
    ["a sub of 1024 characters", { sub: "a".repeat(1024) }, "valid"],
  ])("judges a session with %s", (_, overrides, expected) => {
    expect(judgeSession(session(overrides), NOW, 1800)).toBe(expected);
  });

  it("ignores lastSeenAt when there is no idle timeout", () => {
    expect(judgeSession(session({ lastSeenAt: 0 }), NOW, null)).toBe("valid");
  });

  it("never accepts NaN times", () => {
    expect(judgeSession(session({ expiresAt: NaN }), NOW, null)).toBe("expired");
    expect(judgeSession(session({ lastSeenAt: NaN }), NOW, 1800)).toBe("idle");
  });

  it("checks expiry with fractional clock seconds", () => {
    expect(judgeSession(session({ expiresAt: NOW + 1 }), NOW + 0.999, null)).toBe("valid");
    expect(judgeSession(session({ expiresAt: NOW + 1 }), NOW + 1.001, null)).toBe("expired");
  });
});

describe("public paths: the shared decide() without a session", () => {
  const rules = {
    publicPrefixes: ["/public/", "/favicon.ico"],
    groupPrefixes: [],
    userPrefixes: [],
  };
  const isPublicPath = (path: string, publicPrefixes: string[]) =>
    decide(path, null, { ...rules, publicPrefixes }) === "public";
  const prefixes = rules.publicPrefixes;
  it.each([
    ["/public/", true],
    ["/public/a/b.css", true],
    ["/favicon.ico", true],
    ["/public", false],
    ["/favicon.ico/x", false],
    ["/docs/a", false],
  ])("%s is public: %p", (path, expected) => {
    expect(isPublicPath(path, prefixes)).toBe(expected);
  });

  it("makes nothing public without prefixes", () => {
    expect(isPublicPath("/", [])).toBe(false);
  });
});

describe("loginLocation", () => {
  it("encodes the path and the query as one parameter", () => {
    expect(loginLocation("/_auth/login", "/a%20b/c.pdf", "x=1&y=%2F")).toBe(
      "/_auth/login?path=%2Fa%2520b%2Fc.pdf%3Fx%3D1%26y%3D%252F",
    );
  });

  it("adds no question mark for an empty query", () => {
    expect(loginLocation("/login", "/docs/", "")).toBe("/login?path=%2Fdocs%2F");
  });

  it("keeps header-unsafe query bytes out of the Location header", () => {
    const location = loginLocation("/login", "/a", "q=\r\nSet-Cookie: x=1&é");
    expect(location).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(location.split("?path=")[1])).toBe("/a?q=\r\nSet-Cookie: x=1&é");
  });

  it("drops a query that cannot be encoded (a lone surrogate) and keeps the path", () => {
    expect(loginLocation("/login", "/a", "q=\ud800")).toBe("/login?path=%2Fa");
  });
});
