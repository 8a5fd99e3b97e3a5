// Identities that must never become a policy Resource or a cookie Path:
// subs and group names with characters that mean something in a policy, a
// path or a cookie, and the bearer mode's corpus of forged tokens. None of
// them gets a single cookie.
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { FORGERIES } from "../../support/forged-tokens";
import { TEST_SUB } from "../../support/jwt-fixtures";
import type { ApiResult } from "../../../functions/cookie-issuer/handler";

let h: IssuerHarness;
beforeAll(async () => {
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(() => h.close());

const ask = (token: string, target = "/_auth/cookies") =>
  h.handler()(issuerEvent("GET", target, { headers: bearerHeaders(token) }));

function expectNoCookies(result: ApiResult): void {
  expect(result.cookies ?? []).toEqual([]);
  expect(JSON.stringify(result)).not.toContain("CloudFront-");
}

// Each is refused by the safe set (letters, digits, "-", "_", inner ".").
const UNSAFE_SUBS = [
  "*",
  "abc*",
  "?",
  "a?b",
  'a"b',
  "a'b",
  "a\\b",
  "a/b",
  "..",
  "a..b",
  ".hidden",
  "%2F",
  "a%2Fb",
  "%2e%2e",
  "a b",
  "a;b",
  "a,b",
  "a=b",
  "a{b}",
  "ä",
  "x".repeat(129),
];

describe("a sub that could leave its own folder", () => {
  it.each(UNSAFE_SUBS)("gets 422 unsafe_identity and no cookies: %j", async (sub) => {
    const result = await ask(h.token({ sub }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ error: "unsafe_identity" });
    expectNoCookies(result);
  });

  it.each(["a\nb", "a\rb", "a\u0000b", ""])(
    "with control characters or empty is refused before that, as an invalid token: %j",
    async (sub) => {
      const result = await ask(h.token({ sub }));
      expect(result.statusCode).toBe(401);
      expectNoCookies(result);
    },
  );

  it("gets no signed URL either, even for a key inside the template's folder", async () => {
    const result = await ask(h.token({ sub: "*" }), "/_auth/url?key=/users/abc/file.pdf");
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ error: "unsafe_identity" });
  });

  it("is refused even when the group rules alone would grant something", async () => {
    const result = await ask(h.token({ sub: "../admin", "cognito:groups": ["readers"] }));
    expect(result.statusCode).toBe(422);
    expectNoCookies(result);
  });
});

describe("group names outside the safe set", () => {
  it("grant nothing, while the user's other prefixes are still issued", async () => {
    const groups = ["readers/../admins", "admins*", "admins ", "admins\n", "%61dmins", "*"];
    const result = await ask(h.token({ "cognito:groups": groups }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).prefixes).toEqual([`/users/${TEST_SUB}/`]);
  });

  it("never match a configured group by wildcard or case", async () => {
    const result = await ask(h.token({ "cognito:groups": ["read*", "READERS", "readers?"] }));
    expect(bodyOf(result).prefixes).toEqual([`/users/${TEST_SUB}/`]);
  });

  it("cannot be configured: a rule naming one makes the issuer refuse everything", async () => {
    const handle = h.handler({
      rules: { groupPrefixes: [{ group: "team a", prefix: "/a/" }], userPrefixes: [] },
    });
    const result = await handle(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
    );
    expect(result.statusCode).toBe(503);
    expectNoCookies(result);
  });
});

describe("the forged-token corpus of the bearer mode", () => {
  it.each(FORGERIES)("issues nothing for a token $name", async ({ forge }) => {
    const token = forge({ key: h.tokenKey, issuer: h.issuer });
    const result = await ask(token);
    expect(result.statusCode).toBe(401);
    expect(result.headers?.["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(bodyOf(result).error).toBe("invalid_token");
    expectNoCookies(result);
    const url = await ask(token, `/_auth/url?key=/users/${TEST_SUB}/a.pdf`);
    expect(url.statusCode).toBe(401);
    expect(url.body).not.toContain("Signature");
  });
});
