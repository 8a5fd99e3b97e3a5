// What a browser is asked to keep: the attributes of every cookie, one set
// per outermost prefix, the issued-paths cookie, and refusals (no cookies at
// all) when the sets would not fit or would overlap.
import { checkSignedCookies } from "../../support/cloudfront-signed-cookies";
import {
  jarAfter,
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  keyGroupOf,
  parseSetCookie,
  SITE_ORIGIN,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { nowSeconds, TEST_SUB } from "../../support/jwt-fixtures";
import type { CookieIssuerConfig } from "../../../functions/cookie-issuer/config";
import type { ApiResult } from "../../../functions/cookie-issuer/handler";

const key = generateCloudFrontKey("ec");
const PATHS_COOKIE = "__Secure-edge-gate-paths";
const OWN_PREFIX = `/users/${TEST_SUB}/`;
let h: IssuerHarness;

beforeAll(async () => {
  h = await startIssuerHarness(key);
});
afterAll(() => h.close());

async function issue(
  overrides: Partial<CookieIssuerConfig> = {},
  claims: Record<string, unknown> = {},
  cookies: string[] = [],
): Promise<ApiResult> {
  return h.handler(overrides)(
    issuerEvent("POST", "/_auth/cookies", { headers: bearerHeaders(h.token(claims)), cookies }),
  );
}

const rulesWith = (groupPrefixes: CookieIssuerConfig["rules"]["groupPrefixes"]) => ({
  rules: { groupPrefixes, userPrefixes: ["/users/{sub}/"] },
});

const cloudFrontCookies = (result: ApiResult) =>
  (result.cookies ?? []).map(parseSetCookie).filter((c) => c.name.startsWith("CloudFront-"));

describe("cookie attributes", () => {
  it("sets every cookie HttpOnly, Secure, SameSite=Lax, Path=<prefix>, Max-Age=<lifetime>, host-only", async () => {
    const result = await issue();
    const cookies = cloudFrontCookies(result);
    expect(cookies).toHaveLength(8);
    for (const cookie of cookies) {
      const { attributes } = cookie;
      expect(attributes.has("httponly")).toBe(true);
      expect(attributes.has("secure")).toBe(true);
      expect(attributes.get("samesite")).toBe("Lax");
      expect(["/shared/", OWN_PREFIX]).toContain(attributes.get("path"));
      expect(attributes.get("max-age")).toBe("3600");
      expect(attributes.has("expires")).toBe(false);
      expect(attributes.has("domain")).toBe(false);
    }
  });

  it("names the Domain only when the site has a cookie domain", async () => {
    const result = await issue({
      siteOrigin: "https://files.example.com",
      cookieDomain: "example.com",
    });
    expect(result.statusCode).toBe(200);
    for (const cookie of cloudFrontCookies(result)) {
      expect(cookie.attributes.get("domain")).toBe("example.com");
    }
    // The issued-paths cookie stays host-only.
    const paths = (result.cookies ?? []).map(parseSetCookie).find((c) => c.name === PATHS_COOKIE);
    expect(paths?.attributes.has("domain")).toBe(false);
  });

  it("lists the issued prefixes in a cookie only the issuer's routes see", async () => {
    const result = await issue();
    const paths = (result.cookies ?? []).map(parseSetCookie).find((c) => c.name === PATHS_COOKIE);
    expect(paths?.attributes.get("path")).toBe("/_auth");
    expect(paths?.attributes.has("httponly")).toBe(true);
    expect(paths?.attributes.has("secure")).toBe(true);
    expect(JSON.parse(Buffer.from(paths?.value ?? "", "base64url").toString())).toEqual([
      "/shared/",
      OWN_PREFIX,
    ]);
  });

  it("expires sets the browser still holds for prefixes no longer granted", async () => {
    const first = await issue();
    const now = nowSeconds();
    const jar = jarAfter(first, now);
    // Alice has left the readers group.
    const again = await issue(
      {},
      { "cognito:groups": [] },
      jar.cookieList(`${SITE_ORIGIN}/_auth/cookies`, now),
    );
    expect(bodyOf(again).prefixes).toEqual([OWN_PREFIX]);
    jar.store(again.cookies ?? [], now);
    expect(jar.paths("CloudFront-Policy")).toEqual([OWN_PREFIX]);
    expect(jar.paths("CloudFront-Signature")).toEqual([OWN_PREFIX]);
  });
});

describe("which sets are issued", () => {
  it("drops prefixes nested inside another granted folder, so one request carries one set", async () => {
    const result = await issue(
      rulesWith([
        { group: "readers", prefix: "/shared/" },
        { group: "readers", prefix: "/shared/team/" },
        { group: "auditors", prefix: "/shared/summary.pdf" },
        { group: "auditors", prefix: `${OWN_PREFIX}inbox/` },
      ]),
      { "cognito:groups": ["readers", "auditors"] },
    );
    expect(bodyOf(result).prefixes).toEqual(["/shared/", OWN_PREFIX]);
    expect(cloudFrontCookies(result)).toHaveLength(8);
    const now = nowSeconds();
    const jar = jarAfter(result, now);
    const url = `${SITE_ORIGIN}/shared/team/plan.pdf`;
    const cookies = jar.cookiesFor(url, now);
    expect(cookies.filter(([name]) => name === "CloudFront-Policy")).toHaveLength(1);
    expect(checkSignedCookies({ url, cookies, now }, keyGroupOf(key))).toEqual({ allow: true });
  });

  it("issues an exact path without a wildcard", async () => {
    const result = await issue(rulesWith([{ group: "auditors", prefix: "/reports/summary.pdf" }]), {
      "cognito:groups": ["auditors"],
    });
    const now = nowSeconds();
    const jar = jarAfter(result, now);
    const judge = (path: string) =>
      checkSignedCookies(
        {
          url: `${SITE_ORIGIN}${path}`,
          cookies: jar.cookiesFor(`${SITE_ORIGIN}${path}`, now),
          now,
        },
        keyGroupOf(key),
      );
    expect(judge("/reports/summary.pdf")).toEqual({ allow: true });
    expect(judge("/reports/summary.pdf.bak").allow).toBe(false);
  });

  it("answers 422 no_readable_paths, with no cookies, to a user who may read nothing", async () => {
    const result = await issue({ rules: { groupPrefixes: [], userPrefixes: [] } });
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ error: "no_readable_paths" });
    expect(result.cookies ?? []).toEqual([]);
  });

  it("refuses overlapping sets (an exact path beside a folder of the same name) with no cookies", async () => {
    const result = await issue(
      rulesWith([
        { group: "readers", prefix: "/docs/guide" },
        { group: "readers", prefix: "/docs/guide/" },
      ]),
    );
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      error: "overlapping_cookie_sets",
      prefixes: ["/docs/guide", "/docs/guide/"],
    });
    expect(result.cookies ?? []).toEqual([]);
  });
});

describe("sets that would not fit", () => {
  const groups = (count: number) =>
    rulesWith(
      Array.from({ length: count }, (_, i) => ({ group: "readers", prefix: `/team-${i}/` })),
    );

  it("issues the most sets 50 cookies hold beside five login cookies: 10 + own folder with SHA256 (4 cookies a set)", async () => {
    const result = await issue(groups(10));
    expect(result.statusCode).toBe(200);
    expect(cloudFrontCookies(result)).toHaveLength(44);
  });

  it("refuses 12 SHA256 sets with too_many_cookie_sets and no cookies", async () => {
    const result = await issue(groups(11));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      error: "too_many_cookie_sets",
      limit: "cookies_per_domain",
      maximum: 50,
      required: 54,
    });
    expect(result.cookies ?? []).toEqual([]);
  });

  it("fits 14 SHA1 sets (3 cookies a set) and refuses 15", async () => {
    expect((await issue({ hashAlgorithm: "SHA1", ...groups(13) })).statusCode).toBe(200);
    const refused = await issue({ hashAlgorithm: "SHA1", ...groups(14) });
    expect(refused.statusCode).toBe(422);
    expect(bodyOf(refused).error).toBe("too_many_cookie_sets");
    expect(refused.cookies ?? []).toEqual([]);
  });
});
