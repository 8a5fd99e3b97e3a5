import { safeReturnPath } from "../../../functions/shared/hosted-ui/safe-return-path";

const SITE = "https://files.example.com";

/** Where a browser on SITE would go with `Location: <location>`. */
function destination(location: string): URL {
  return new URL(location, `${SITE}/_identity/auth`);
}

// Each payload tries to make the post-login redirect leave the site.
const OPEN_REDIRECT_PAYLOADS = [
  "//evil.com",
  "//evil.com/",
  "///evil.com",
  "////evil.com",
  "/\\evil.com",
  "\\/evil.com",
  "\\\\evil.com",
  "/\\/evil.com",
  "https://evil.com",
  "http://evil.com/path",
  "https:evil.com",
  "https:/evil.com",
  "//evil.com@files.example.com",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "%2F%2Fevil.com",
  "/%2F%2Fevil.com",
  "/%2fevil.com",
  "/%5Cevil.com",
  "/%5cevil.com",
  "%5C%5Cevil.com",
  "/%252F%252Fevil.com",
  "/%25252F%25252Fevil.com",
  "/\t/evil.com",
  "/\n/evil.com",
  "/\r\n/evil.com",
  "\t//evil.com",
  " //evil.com",
  "/ /evil.com",
  "/\u0000/evil.com",
  "\u0000//evil.com",
  "/\u007f/evil.com",
  "/\u0085/evil.com",
  "/\u00a0/evil.com",
  "/\u2028/evil.com",
  "\uff0f\uff0fevil.com",
  "\u2215\u2215evil.com",
  "/\uff0f/evil.com",
  "%EF%BC%8F%EF%BC%8Fevil.com",
  "evil.com",
  "@evil.com",
  ".evil.com",
  "?next=//evil.com",
  "#//evil.com",
  "/%09/evil.com",
  "/%0a/evil.com",
  "/%0D%0ALocation:%20https://evil.com",
  "/\r\nSet-Cookie: a=b",
  "//%65vil.com",
  "/%2F/evil.com",
  "//\\evil.com",
  "/\\\\evil.com",
  "http:\\\\evil.com",
  "//evil.com:443",
  "//[::1]/",
  "//127.0.0.1/",
];

describe("safeReturnPath: post-login redirects stay on the site", () => {
  it("has a corpus of at least 30 open-redirect payloads", () => {
    expect(OPEN_REDIRECT_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(OPEN_REDIRECT_PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    "never leaves the site for %s",
    (_label, payload) => {
      const location = safeReturnPath(payload);
      expect(destination(location).origin).toBe(SITE);
      // A same-site relative path: one leading slash, nothing a browser reads as a host.
      expect(location).toMatch(/^\/(?![/\\])/);
      // eslint-disable-next-line no-control-regex
      expect(location).not.toMatch(/[\u0000-\u0020\u007f-\uffff\\]/);
    },
  );

  it.each([
    "//evil.com",
    "/\\evil.com",
    "https:evil.com",
    "%2F%2Fevil.com",
    "/%2F%2Fevil.com",
    "/%5Cevil.com",
    "/\t/evil.com",
    "\uff0f\uff0fevil.com",
  ])("falls back to / for %j", (payload) => {
    expect(safeReturnPath(payload)).toBe("/");
  });

  it.each([
    ["/", "/"],
    ["/reports/2026/q3.pdf", "/reports/2026/q3.pdf"],
    ["/users/abc/photo.jpg?size=large&v=2", "/users/abc/photo.jpg?size=large&v=2"],
    ["/search?q=a%20b", "/search?q=a%20b"],
    ["/caf%C3%A9/menu.html", "/caf%C3%A9/menu.html"],
    ["/café/menu.html", "/caf%C3%A9/menu.html"],
    ["/a/b/../c", "/a/c"],
    ["/page#section", "/page"],
  ])("keeps the same-site path %j as %j", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([undefined, null, "", "x".repeat(3000), "/" + "a".repeat(4096)])(
    "falls back to / for missing or oversized input",
    (input) => {
      expect(safeReturnPath(input)).toBe("/");
    },
  );
});
