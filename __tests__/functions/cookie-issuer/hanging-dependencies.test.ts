// A dependency of the cookie issuer that accepts the connection and never
// answers (Secrets Manager, the hosted UI's token endpoint, the JWKS) costs a
// request at most 2 s, far inside the Lambda's 10 s, and ends in a 503 (as a
// page for browsers, JSON for programs; the callback: its failure page) with
// no cookie. Production's own limits are proved on a fake clock where the
// hanging call is the only one; where a loopback service must answer first,
// it gets a generous limit and the hanging one a short injected limit.
import type { CookieIssuerHandler } from "../../../functions/cookie-issuer/handler";
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  HOSTED_UI_CLIENT_ID,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { accessTokenClaims, generateSigningKey, signRs256 } from "../../support/jwt-fixtures";
import {
  cookiePair,
  settleCountingFakeTime,
  startSilentServer,
  startTokenEndpoint,
  type SilentServer,
  type TokenEndpoint,
} from "../../support/session-manager-harness";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

/** What a hanging dependency may cost one request. */
const BUDGET_MS = 2000;
/** Fake milliseconds per turn of the event loop: fine enough to measure against the budget. */
const STEP_MS = 10;
/** Less than any limit a slow but working dependency needs: a call ended sooner was not waited on. */
const SOME_WAIT_MS = 300;
/** A limit short enough to see, for the one call that hangs. */
const SHORT_MS = 100;
const NAVIGATE = { "sec-fetch-mode": "navigate", accept: "text/html" };
const LOGIN_COOKIE_PREFIX = "__Host-edge-gate-login";

let h: IssuerHarness;
let silent: SilentServer;
let tokens: TokenEndpoint;
/** A key the preloaded JWKS lacks: verifying its tokens needs a JWKS fetch. */
const rotatedKey = generateSigningKey("rotated-key-not-yet-preloaded");

beforeAll(async () => {
  [h, silent] = await Promise.all([
    startIssuerHarness(generateCloudFrontKey("ec")),
    startSilentServer(),
  ]);
  tokens = await startTokenEndpoint(() => ({
    id_token: signRs256(rotatedKey, {
      iss: h.issuer,
      aud: HOSTED_UI_CLIENT_ID,
      token_use: "id",
      sub: "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6",
      "cognito:username": "alice",
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    }),
    access_token: "not-used",
    token_type: "Bearer",
  }));
});
afterAll(async () => {
  await Promise.all([h.close(), silent.close(), tokens.close()]);
});
let errors: jest.SpyInstance;
let warnings: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
  warnings = jest.spyOn(console, "warn").mockImplementation(() => undefined);
});

/** The log lines with `message`, as one text. */
const logged = (spy: jest.SpyInstance, message: string) =>
  spy.mock.calls
    .map(([line]) => String(line))
    .filter((line) => line.includes(`"message":"${message}"`))
    .join("\n");
afterEach(() => {
  h.secrets.fault = "none";
  jest.restoreAllMocks();
});

/** The config's hosted UI with its token endpoint and JWKS where a test wants them. */
const hostedUi = (where: { baseUrl?: string; jwksUri?: string } = {}) => ({
  hostedUi: {
    ...h.config().hostedUi,
    baseUrl: where.baseUrl ?? tokens.origin,
    jwksUri: where.jwksUri ?? `${h.issuer}/.well-known/jwks.json`,
  },
});

/** A login started by a container whose dependencies answer: the callback event for it. */
async function callbackFor(handle: CookieIssuerHandler = h.handler(hostedUi())) {
  const started = await handle(issuerEvent("GET", "/_auth/login?path=%2Fshared%2Fa.pdf"));
  expect(started.statusCode).toBe(307);
  const state = new URL(String(started.headers?.location)).searchParams.get("state") ?? "";
  const cookies = (started.cookies ?? [])
    .filter((c) => c.startsWith(LOGIN_COOKIE_PREFIX) && !/Max-Age=0/.test(c))
    .map(cookiePair);
  expect(cookies).toHaveLength(1);
  return issuerEvent("GET", `/_auth/callback?code=abc&state=${state}`, {
    cookies,
    headers: NAVIGATE,
  });
}

const rotatedToken = () => signRs256(rotatedKey, accessTokenClaims(h.issuer));

type Answer = Awaited<ReturnType<CookieIssuerHandler>>;

function expectUnavailable(result: Answer, as: "page" | "json") {
  expect(result.statusCode).toBe(503);
  if (as === "page") {
    expect(result.headers).toMatchObject({ "content-type": "text/html; charset=utf-8" });
  } else {
    expect(bodyOf(result)).toEqual({ error: "temporarily_unavailable" });
  }
  expect(result.headers?.location).toBeUndefined();
  expect(JSON.stringify(result.cookies ?? [])).not.toContain("CloudFront-");
}

describe("Secrets Manager that never answers, by production's own limits", () => {
  const routes: [string, () => Promise<ReturnType<typeof issuerEvent>>, "page" | "json"][] = [
    [
      "GET /_auth/login",
      async () => issuerEvent("GET", "/_auth/login?path=/a", { headers: NAVIGATE }),
      "page",
    ],
    ["GET /_auth/callback", () => callbackFor(), "page"],
    [
      "GET /_auth/cookies",
      async () => issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
      "json",
    ],
    [
      "POST /_auth/cookies",
      async () => issuerEvent("POST", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
      "json",
    ],
    [
      "GET /_auth/url",
      async () =>
        issuerEvent("GET", "/_auth/url?key=/shared/a.pdf", { headers: bearerHeaders(h.token()) }),
      "json",
    ],
  ];

  it.each(routes)("%s answers 503 within 2 s, with no cookie", async (_, eventFor, as) => {
    const event = await eventFor();
    // A fresh container: the key is read on first use, from a hanging endpoint.
    const handle = h.handler(hostedUi(), { outboundTimeoutMs: undefined });
    h.secrets.fault = "hang";
    const { value: result, fakeMs } = await settleCountingFakeTime(() => handle(event), STEP_MS);
    expectUnavailable(result, as);
    // Waited on the code's own (fake-clock) limits, and within the budget.
    expect(fakeMs).toBeGreaterThanOrEqual(SOME_WAIT_MS);
    expect(fakeMs).toBeLessThanOrEqual(BUDGET_MS);
    // Ended by a time limit (the stand-in accepts every connection).
    expect(logged(errors, "signing key unreadable")).toMatch(/TimeoutError|AbortError/);
  });
});

describe("a token endpoint that never answers", () => {
  it("ends the callback with its failure page within 2 s, by production's own limit", async () => {
    // The key comes from a stand-in that answers (generous limit), read by
    // starting the login; only the code exchange is left to hang.
    const handle = h.handler(hostedUi({ baseUrl: silent.origin }), {
      outboundTimeoutMs: undefined,
      outboundTimeouts: { aws: GENEROUS_TIMEOUT_MS },
    });
    const event = await callbackFor(handle);
    const { value: result, fakeMs } = await settleCountingFakeTime(() => handle(event), STEP_MS);
    expect(result.statusCode).toBe(502);
    expect(result.body).toContain("could not complete the sign-in");
    expect(JSON.stringify(result.cookies ?? [])).not.toContain("CloudFront-");
    // Waited on the code's own (fake-clock) limits, and within the budget.
    expect(fakeMs).toBeGreaterThanOrEqual(SOME_WAIT_MS);
    expect(fakeMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(logged(warnings, "login failed")).toContain("no answer within");
  });
});

describe("a JWKS that never answers", () => {
  const jwksHangs = () =>
    h.handler(hostedUi({ jwksUri: `${silent.origin}/jwks.json` }), {
      outboundTimeouts: { jwks: SHORT_MS },
    });

  it("ends the callback with a 503 page once its limit has passed", async () => {
    const handle = jwksHangs();
    const event = await callbackFor(handle);
    const exchanged = tokens.requests();
    const result = await handle(event);
    expect(tokens.requests()).toBe(exchanged + 1);
    expect(result.statusCode).toBe(503);
    expect(result.body).toContain("not reachable right now");
    expect(JSON.stringify(result.cookies ?? [])).not.toContain("CloudFront-");
    expect(logged(warnings, "login failed")).toContain("keys_unavailable");
  });

  it.each([
    ["GET", "/_auth/cookies"],
    ["POST", "/_auth/cookies"],
    ["GET", "/_auth/url?key=/shared/a.pdf"],
  ])(
    "answers %s %s with a rotated key's token with 503 JSON once its limit has passed",
    async (method, target) => {
      const handle = jwksHangs();
      const result = await handle(
        issuerEvent(method, target, { headers: bearerHeaders(rotatedToken()) }),
      );
      expectUnavailable(result, "json");
    },
  );
});
