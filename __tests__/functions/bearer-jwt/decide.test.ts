// The one access decision of every protection mode (functions/shared/path-rules.ts),
// as the bearer-JWT gate makes it from a verified token's claims.
import { decide, type Caller, type PathRules } from "../../../functions/shared/path-rules";

const rules: PathRules = {
  publicPrefixes: ["/public/", "/favicon.ico"],
  groupPrefixes: [
    { group: "readers", prefix: "/shared/" },
    { group: "auditors", prefix: "/reports/summary.pdf" },
  ],
  userPrefixes: ["/users/{sub}/", "/inbox/{sub}/drafts/"],
};

const alice: Caller = { sub: "alice-123", groups: ["readers"] };

describe("decide", () => {
  it("calls public prefixes public, with or without claims", () => {
    expect(decide("/public/a/b.css", null, rules)).toBe("public");
    expect(decide("/public/a/b.css", alice, rules)).toBe("public");
    expect(decide("/favicon.ico", null, rules)).toBe("public");
  });

  it("denies everything else without claims", () => {
    expect(decide("/shared/x", null, rules)).toBe("deny");
    expect(decide("/users/alice-123/x", null, rules)).toBe("deny");
  });

  it("allows a user's own folders and nobody else's", () => {
    expect(decide("/users/alice-123/", alice, rules)).toBe("allow");
    expect(decide("/users/alice-123/a/b", alice, rules)).toBe("allow");
    expect(decide("/inbox/alice-123/drafts/1", alice, rules)).toBe("allow");
    expect(decide("/inbox/alice-123/sent/1", alice, rules)).toBe("deny");
    expect(decide("/users/bob/a", alice, rules)).toBe("deny");
    expect(decide("/users/alice-1234/a", alice, rules)).toBe("deny");
  });

  it("allows group folders to members only", () => {
    expect(decide("/shared/doc", alice, rules)).toBe("allow");
    expect(decide("/shared/doc", { ...alice, groups: [] }, rules)).toBe("deny");
    expect(decide("/reports/summary.pdf", { ...alice, groups: ["auditors"] }, rules)).toBe("allow");
    expect(decide("/reports/other.pdf", { ...alice, groups: ["auditors"] }, rules)).toBe("deny");
  });

  it.each(["", ".", "..", "a/b", "../bob", "a..b", "a\\b", "a%2Fb", "a\u0000", "x".repeat(129)])(
    "never matches a user rule for the unsafe sub %p",
    (sub) => {
      const claims = { sub, groups: [] };
      for (const path of ["/users/", `/users/${sub}/x`, "/users/bob/x", "/users/a/b/x", "/"]) {
        expect(decide(path, claims, rules)).toBe("deny");
      }
    },
  );

  it("substitutes a sub containing $ patterns literally", () => {
    const claims = { sub: "$&$1", groups: [] };
    expect(decide("/users/$&$1/x", claims, rules)).toBe("allow");
    expect(decide("/users/{sub}/x", claims, rules)).toBe("deny");
  });
});
