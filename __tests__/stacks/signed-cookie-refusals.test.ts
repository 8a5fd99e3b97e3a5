// Signed-cookie mode: what CloudFront's error page catches and what it must
// leave alone. The custom error response is distribution-wide (it also
// replaces the issuer's own answers on /_auth/*), so every refusal the issuer
// sends, run through the real handler, must carry a status the synthesized
// error responses do not name; program routes refuse in JSON.
import {
  bearerHeaders,
  generateCloudFrontKey,
  issuerEvent,
  KEY_PAIR_ID,
  startIssuerHarness,
  type IssuerHarness,
} from "../support/cookie-issuer-harness";
import { TEST_SUB } from "../support/jwt-fixtures";
import {
  removeTestingOutdirs,
  resourceOf,
  shippedEnvironment,
  synthesize,
  type Block,
  type SynthesizedStack,
} from "../support/synth";
import { MANAGED_POLICY } from "../../stacks/distribution";
import type { ApiResult } from "../../functions/cookie-issuer/handler";
import type { CookieIssuerConfig } from "../../functions/cookie-issuer/config";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

const APP_ORIGIN = "https://app.example.com";
const OTHER_SUB = "0c4b8e1d-2f3a-4b5c-9d6e-7f8091a2b3c4";

let partners: SynthesizedStack;
let h: IssuerHarness;
beforeAll(async () => {
  partners = synthesize(shippedEnvironment("partners"));
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(async () => {
  removeTestingOutdirs();
  await h.close();
});

const distribution = () => resourceOf(partners, "aws_cloudfront_distribution");
const errorResponses = () => distribution().custom_error_response as Block[];
const caughtStatuses = () => new Set(errorResponses().map((r) => Number(r.error_code)));

describe("the distribution's error response", () => {
  it("catches 403 alone, CloudFront's refusal of missing or invalid signed cookies", () => {
    expect(errorResponses()).toEqual([
      {
        error_code: 403,
        response_page_path: "/_auth/refused",
        response_code: 403,
        error_caching_min_ttl: 0,
      },
    ]);
  });

  it("fetches its page through the issuer's behaviour, uncached and unchecked", () => {
    const [auth] = distribution().ordered_cache_behavior as Block[];
    expect(auth).toMatchObject({
      path_pattern: "/_auth/*",
      target_origin_id: "identity-api",
      cache_policy_id: MANAGED_POLICY.cachingDisabled,
    });
    expect(auth.trusted_key_groups).toBeUndefined();
  });

  it("gets a page CloudFront counts as available: the issuer answers its path 200, as HTML", async () => {
    // CloudFront sends the configured response_code (403) with the page; a
    // page path that itself answered with an error would count as missing.
    const page = await h.handler()(issuerEvent("GET", "/_auth/refused"));
    expect(page.statusCode).toBe(200);
    expect(page.headers?.["content-type"]).toMatch(/^text\/html/);
    expect(page.headers?.["cache-control"]).toBe("no-store");
  });
});

type Kind = "program" | "browser";
interface Refusal {
  name: string;
  kind: Kind;
  overrides?: Partial<CookieIssuerConfig>;
  event: () => APIGatewayProxyEventV2 | Promise<APIGatewayProxyEventV2>;
}

const get = (target: string, headers: Record<string, string> = {}, cookies: string[] = []) =>
  issuerEvent("GET", target, { headers, cookies });
const withToken = (claims: Record<string, unknown> = {}) => bearerHeaders(h.token(claims));
const NO_KEY: Partial<CookieIssuerConfig> = {
  signingKey: { keyPairId: KEY_PAIR_ID, secretId: "edge-gate/no-such-secret" },
};
const MANY_GROUPS: Partial<CookieIssuerConfig> = {
  rules: {
    groupPrefixes: Array.from({ length: 12 }, (_, i) => ({
      group: "readers",
      prefix: `/team-${i}/`,
    })),
    userPrefixes: ["/users/{sub}/"],
  },
};

/** A login started for real, answered by the hosted UI with `error=access_denied`. */
async function cancelledCallback(): Promise<APIGatewayProxyEventV2> {
  const start = await h.handler()(issuerEvent("GET", "/_auth/login?path=%2Fa.pdf"));
  const state = new URL(String(start.headers?.location)).searchParams.get("state") ?? "";
  // What the browser sends back: every cookie the login set, as name=value.
  const cookies = (start.cookies ?? []).map((line) => line.split(";")[0]);
  return get(`/_auth/callback?error=access_denied&state=${state}`, {}, cookies);
}

// Every way the issuer turns a request down (the callback's refusals after a
// token exchange run in the end-to-end flow, and the guard that covers them
// in the issuer's own tests).
const REFUSALS: Refusal[] = [
  { name: "/cookies without a token", kind: "program", event: () => get("/_auth/cookies") },
  {
    name: "/cookies with a token that is not a JWT",
    kind: "program",
    event: () => get("/_auth/cookies", { authorization: "Bearer not-a-jwt" }),
  },
  {
    name: "/cookies with an expired token",
    kind: "program",
    event: () => get("/_auth/cookies", withToken({ exp: Math.floor(Date.now() / 1000) - 3600 })),
  },
  {
    name: "/cookies for an unsafe sub",
    kind: "program",
    event: () => get("/_auth/cookies", withToken({ sub: "a/b" })),
  },
  {
    name: "/cookies for a user who may read nothing",
    kind: "program",
    overrides: { rules: { groupPrefixes: [], userPrefixes: [] } },
    event: () => get("/_auth/cookies", withToken()),
  },
  {
    name: "/cookies for overlapping grants",
    kind: "program",
    overrides: {
      rules: {
        groupPrefixes: [
          { group: "readers", prefix: "/docs/guide" },
          { group: "readers", prefix: "/docs/guide/" },
        ],
        userPrefixes: [],
      },
    },
    event: () => get("/_auth/cookies", withToken({ "cognito:groups": ["readers"] })),
  },
  {
    name: "/cookies for more sets than a browser holds",
    kind: "program",
    overrides: MANY_GROUPS,
    event: () => get("/_auth/cookies", withToken({ "cognito:groups": ["readers"] })),
  },
  {
    name: "/cookies without the signing key",
    kind: "program",
    overrides: NO_KEY,
    event: () => get("/_auth/cookies", withToken()),
  },
  {
    name: "/cookies with a method it does not take",
    kind: "program",
    event: () => issuerEvent("DELETE", "/_auth/cookies"),
  },
  {
    name: "a preflight from an origin that is not allowed",
    kind: "program",
    event: () =>
      issuerEvent("OPTIONS", "/_auth/cookies", {
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      }),
  },
  {
    name: "an OPTIONS that is no preflight",
    kind: "program",
    event: () => issuerEvent("OPTIONS", "/_auth/cookies", { headers: { origin: APP_ORIGIN } }),
  },
  { name: "/url without a token", kind: "program", event: () => get("/_auth/url?key=/a.pdf") },
  {
    name: "/url without a key",
    kind: "program",
    event: () => get("/_auth/url", withToken()),
  },
  {
    name: "/url for another user's object",
    kind: "program",
    event: () => get(`/_auth/url?key=/users/${OTHER_SUB}/a.pdf`, withToken()),
  },
  {
    name: "/url for an unsafe sub",
    kind: "program",
    event: () => get("/_auth/url?key=/users/x/a.pdf", withToken({ sub: "*" })),
  },
  {
    name: "/url without the signing key",
    kind: "program",
    overrides: NO_KEY,
    event: () => get(`/_auth/url?key=/users/${TEST_SUB}/a.pdf`, withToken()),
  },
  {
    name: "/url with a method it does not take",
    kind: "program",
    event: () => issuerEvent("POST", "/_auth/url"),
  },
  { name: "an unknown route", kind: "program", event: () => get("/_auth/nothing") },
  {
    name: "a login without the signing key",
    kind: "browser",
    overrides: NO_KEY,
    event: () => get("/_auth/login?path=%2Fa.pdf", { "sec-fetch-mode": "navigate" }),
  },
  {
    name: "a callback without the login cookie",
    kind: "browser",
    event: () => get("/_auth/callback?code=abc&state=def", { "sec-fetch-mode": "navigate" }),
  },
  { name: "a sign-in cancelled at the hosted UI", kind: "browser", event: cancelledCallback },
];

async function answer(refusal: Refusal): Promise<ApiResult> {
  const event = await refusal.event();
  return h.handler({ corsAllowedOrigins: [APP_ORIGIN], ...refusal.overrides })(event);
}

describe("every refusal of the issuer", () => {
  it.each(REFUSALS.map((r) => [r.name, r] as const))(
    "passes CloudFront's error page untouched: %s",
    async (_, refusal) => {
      const result = await answer(refusal);
      expect(result.statusCode).toBeGreaterThanOrEqual(400);
      expect(caughtStatuses().has(Number(result.statusCode))).toBe(false);
    },
  );

  it.each(REFUSALS.filter((r) => r.kind === "program").map((r) => [r.name, r] as const))(
    "answers a program in JSON with an error code: %s",
    async (_, refusal) => {
      const result = await answer(refusal);
      expect(result.headers?.["content-type"]).toBe("application/json");
      expect(JSON.parse(result.body ?? "null")).toEqual(
        expect.objectContaining({ error: expect.stringMatching(/^[a-z_]+$/) }),
      );
    },
  );
});
