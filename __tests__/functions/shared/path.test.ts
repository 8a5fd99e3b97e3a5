import fc from "fast-check";
import { isSafeSegment, matchesPrefix, normalizePath } from "../../../functions/shared/path";

describe("normalizePath", () => {
  it.each([
    ["/", "/", "/"],
    ["/a/b.txt", "/a/b.txt", "/a/b.txt"],
    ["/a/b/", "/a/b/", "/a/b/"],
    ["//a///b", "/a/b", "/a/b"],
    ["/a/./b", "/a/b", "/a/b"],
    ["/a/b/..", "/a/", "/a/"],
    ["/a/b/.", "/a/b/", "/a/b/"],
    ["/a/%2e%2E/b", "/b", "/b"],
    ["/a/..", "/", "/"],
    ["/caf%C3%A9", "/café", "/caf%C3%A9"],
    ["/a+b%20c", "/a+b c", "/a%2Bb%20c"],
    ["/100%25", "/100%", "/100%25"],
    ["/...", "/...", "/..."],
  ])("normalizes %s to %s (forwarded as %s)", (raw, path, uri) => {
    expect(normalizePath(raw)).toEqual({ ok: true, path, uri });
  });

  it.each([
    ["relative", "a/b"],
    ["empty", ""],
    ["above the root", "/.."],
    ["above the root later", "/a/../../b"],
    ["encoded slash", "/a%2Fb"],
    ["encoded slash, lowercase", "/a%2fb"],
    ["encoded backslash", "/a%5cb"],
    ["raw backslash", "/a\\b"],
    ["double encoding", "/%252e%252e/x"],
    ["double-encoded slash", "/a%252Fb"],
    ["invalid UTF-8", "/%ff"],
    ["overlong UTF-8", "/%c0%af"],
    ["encoded surrogate", "/%ed%a0%80"],
    ["truncated escape", "/a%2"],
    ["NUL", "/a%00"],
    ["raw control", "/a\tb"],
    ["DEL", "/a%7f"],
    ["C1 control", "/a%c2%85"],
    ["raw lone surrogate", "/a\ud800"],
  ])("refuses %s (%s)", (_, raw) => {
    expect(normalizePath(raw)).toEqual({ ok: false });
  });

  it("is idempotent: the forwarded uri normalizes to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const first = normalizePath("/" + encodeURI(text));
        if (!first.ok) return;
        expect(normalizePath(first.uri)).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });

  it("never yields a path with dot segments, empty segments or backslashes", () => {
    const segment = fc.constantFrom("a", ".", "..", "", "%2e", "%2E%2e", "b%20c", "%", "%25");
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const result = normalizePath("/" + segments.join("/"));
        if (!result.ok) return;
        const inner = result.path.split("/").slice(1, -1);
        expect(inner.every((s) => s !== "" && s !== "." && s !== "..")).toBe(true);
        expect(result.path.startsWith("/")).toBe(true);
        expect(result.path).not.toContain("\\");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isSafeSegment", () => {
  it.each(["3f1c9a52-8d4e-4b7a-9c21-5e6f7a8b9c0d", "alice", "a.b", "x".repeat(128)])(
    "accepts %s",
    (value) => expect(isSafeSegment(value, 128)).toBe(true),
  );
  it.each(["", ".", "..", "a..b", "a/b", "a\\b", "a%2fb", "a\u0000", "a\nb", "x".repeat(129)])(
    "refuses %p",
    (value) => expect(isSafeSegment(value, 128)).toBe(false),
  );
});

describe("matchesPrefix", () => {
  it("treats a prefix ending in / as a folder", () => {
    expect(matchesPrefix("/a/", "/a/")).toBe(true);
    expect(matchesPrefix("/a/b/c", "/a/")).toBe(true);
    expect(matchesPrefix("/a", "/a/")).toBe(false);
    expect(matchesPrefix("/ab/c", "/a/")).toBe(false);
  });
  it("treats any other prefix as one exact path", () => {
    expect(matchesPrefix("/a.html", "/a.html")).toBe(true);
    expect(matchesPrefix("/a.html/x", "/a.html")).toBe(false);
    expect(matchesPrefix("/a.htmlx", "/a.html")).toBe(false);
  });
});
