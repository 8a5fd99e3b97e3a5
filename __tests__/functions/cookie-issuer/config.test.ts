// The issuer's config (EDGE_GATE_CONFIG) is checked at cold start: anything
// it could not use safely makes every request a 503, as a page for browsers
// and JSON for programs, and nothing is ever signed.
import { CONFIG_VARIABLE } from "../../../functions/cookie-issuer/config";
import { handler } from "../../../functions/cookie-issuer/handler";
import { parseConfig } from "../../../functions/cookie-issuer/parse-config";
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import type { CookieIssuerConfig } from "../../../functions/cookie-issuer/config";

let h: IssuerHarness;
beforeAll(async () => {
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(() => h.close());

const problemsOf = (overrides: Record<string, unknown>) => {
  const parsed = parseConfig({ ...h.config(), ...overrides });
  return parsed.ok ? [] : parsed.problems.map((p) => p.split(":")[0]);
};

it("accepts the config the stack renders", () => {
  expect(parseConfig(h.config())).toEqual({ ok: true, config: h.config() });
});

it.each<[string, Partial<CookieIssuerConfig> | Record<string, unknown>, string]>([
  ["a site origin with a path", { siteOrigin: "https://files.example.com/x" }, "siteOrigin"],
  ["a plain-http site", { siteOrigin: "http://files.example.com" }, "siteOrigin"],
  ["a base path with a trailing slash", { basePath: "/_auth/" }, "basePath"],
  ["an unknown hash algorithm", { hashAlgorithm: "MD5" }, "hashAlgorithm"],
  [
    "a key pair id with a separator",
    { signingKey: { keyPairId: "K1;x", secretId: "s" } },
    "signingKey.keyPairId",
  ],
  ["a zero lifetime", { cookieLifetimeSeconds: 0 }, "cookieLifetimeSeconds"],
  ["a fractional lifetime", { signedUrlLifetimeSeconds: 1.5 }, "signedUrlLifetimeSeconds"],
  ["a cookie domain foreign to the site", { cookieDomain: "example.org" }, "cookieDomain"],
  [
    "a wildcard prefix",
    { rules: { groupPrefixes: [{ group: "g", prefix: "/a/*" }], userPrefixes: [] } },
    "rules.groupPrefixes",
  ],
  [
    "a prefix with a dot segment",
    { rules: { groupPrefixes: [{ group: "g", prefix: "/a/../b/" }], userPrefixes: [] } },
    "rules.groupPrefixes",
  ],
  [
    "an encoded prefix",
    { rules: { groupPrefixes: [{ group: "g", prefix: "/a%2Fb/" }], userPrefixes: [] } },
    "rules.groupPrefixes",
  ],
  [
    "a template with {sub} inside a segment",
    { rules: { groupPrefixes: [], userPrefixes: ["/users/u-{sub}/"] } },
    "rules.userPrefixes",
  ],
  [
    "a template without {sub}",
    { rules: { groupPrefixes: [], userPrefixes: ["/users/"] } },
    "rules.userPrefixes",
  ],
  [
    "a CORS origin with a path",
    { corsAllowedOrigins: ["https://app.example.com/"] },
    "corsAllowedOrigins",
  ],
  ["an off-site logout return", { afterLogoutPath: "//evil.example/" }, "afterLogoutPath"],
  ["no access-token client", { accessTokenClientIds: [] }, "accessTokenClientIds"],
  ["a JWKS without keys", { jwks: {} }, "jwks"],
])("refuses %s", (_, overrides, field) => {
  expect(problemsOf(overrides)).toEqual([field]);
});

it("accepts a cookie domain that is the site's host or a parent of it", () => {
  for (const cookieDomain of ["files.example.com", "example.com"]) {
    expect(problemsOf({ siteOrigin: "https://files.example.com", cookieDomain })).toEqual([]);
  }
});

describe("with an invalid config", () => {
  const broken = () => h.handler({ siteOrigin: "not a url" });

  it("answers programs with 503 JSON and signs nothing", async () => {
    const result = await broken()(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
    );
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toEqual({ error: "temporarily_unavailable" });
    expect(result.cookies ?? []).toEqual([]);
  });

  it("answers browsers with a 503 page", async () => {
    const result = await broken()(
      issuerEvent("GET", "/_auth/login", { headers: { "sec-fetch-mode": "navigate" } }),
    );
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["content-type"]).toBe("text/html; charset=utf-8");
  });
});

it("reads EDGE_GATE_CONFIG once per container; without it every request is a 503", async () => {
  delete process.env[CONFIG_VARIABLE];
  const first = await handler(issuerEvent("GET", "/_auth/cookies"));
  expect(first.statusCode).toBe(503);
  // Set later, within the same container: not read again.
  process.env[CONFIG_VARIABLE] = JSON.stringify(h.config());
  const second = await handler(
    issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
  );
  expect(second.statusCode).toBe(503);
  delete process.env[CONFIG_VARIABLE];
});
