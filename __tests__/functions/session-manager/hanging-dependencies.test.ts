// A dependency of the session manager that accepts the connection and never
// answers (its table, the hosted UI's token endpoint, the JWKS) costs a
// request at most 2 s, far inside the Lambda's 10 s, and ends in a 503 (the
// callback: its failure page), never in a Lambda time-out. Production's own
// limits are proved on a fake clock where the hanging call is the only one;
// where a loopback service must answer first, it gets a generous limit and
// the hanging one a short injected limit. No verdict races a real timer.
import { randomBytes } from "node:crypto";
import { startDynalite, type LocalDynamo } from "../../support/dynalite";
import { generateSigningKey, signRs256 } from "../../support/jwt-fixtures";
import {
  apiEvent,
  CLIENT_ID,
  COOKIE_NAME,
  cookiePair,
  LOGIN_COOKIE_PREFIX,
  locationOf,
  sessionManager,
  sessionManagerConfig,
  settleCountingFakeTime,
  startSilentServer,
  startTokenEndpoint,
  useTestCredentials,
  type SilentServer,
  type TokenEndpoint,
} from "../../support/session-manager-harness";

/** What a hanging dependency may cost one request. */
const BUDGET_MS = 2000;
/** Fake milliseconds per turn of the event loop: fine enough to measure against the budget. */
const STEP_MS = 10;
/** Less than any limit a slow but working dependency needs: a call ended sooner was not waited on. */
const SOME_WAIT_MS = 300;
/** A limit short enough to see, for the one call that hangs. */
const SHORT_MS = 100;
const POOL = "eu-west-1_EdgeGate9";

let dynamo: LocalDynamo;
let tableName: string;
let silent: SilentServer;
let tokens: TokenEndpoint;
let errors: jest.SpyInstance;
let warnings: jest.SpyInstance;
const idTokenKey = generateSigningKey("id-token-key-nobody-publishes");

beforeAll(async () => {
  useTestCredentials();
  [dynamo, silent] = await Promise.all([startDynalite(), startSilentServer()]);
  tableName = await dynamo.createSessionTable();
  // Answers every code with an ID token signed by a key no JWKS lists.
  tokens = await startTokenEndpoint(() => ({
    id_token: signRs256(idTokenKey, {
      iss: `${silent.origin}/${POOL}`,
      aud: CLIENT_ID,
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
  await Promise.all([dynamo.close(), silent.close(), tokens.close()]);
});
beforeEach(() => {
  errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
  warnings = jest.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

type Where = { table: string; hostedUi: string; issuer: string; jwksUri: string };

/** Every dependency answers unless `where` points it at the silent server. */
function config(where: Partial<Where> = {}) {
  const issuer = where.issuer ?? `${silent.origin}/${POOL}`;
  return sessionManagerConfig({
    tableName,
    tableEndpoint: where.table ?? dynamo.endpoint,
    hostedUiBaseUrl: where.hostedUi ?? tokens.origin,
    issuer,
    jwksUri: where.jwksUri ?? `${issuer}/.well-known/jwks.json`,
  });
}

/** A login started against a table that answers: the callback's state and cookies. */
async function startedLogin(where: Partial<Where> = {}) {
  const started = await sessionManager(config(where))(apiEvent("GET", "/_identity/login?path=/a"));
  const state = new URL(locationOf(started)).searchParams.get("state") ?? "";
  const cookies = (started.cookies ?? [])
    .filter((c) => c.startsWith(LOGIN_COOKIE_PREFIX) && !/Max-Age=0/.test(c))
    .map(cookiePair);
  expect(cookies).toHaveLength(1);
  return apiEvent("GET", `/_identity/auth?code=abc&state=${state}`, cookies);
}

/** The log lines with `message`, as one text. */
const logged = (spy: jest.SpyInstance, message: string) =>
  spy.mock.calls
    .map(([line]) => String(line))
    .filter((line) => line.includes(`"message":"${message}"`))
    .join("\n");

const sessionCookie = () => [`${COOKIE_NAME}=${randomBytes(32).toString("base64url")}`];

function expectUnavailablePage(result: { statusCode?: number; headers?: object; body?: string }) {
  expect(result.statusCode).toBe(503);
  expect(result.headers).toMatchObject({ "content-type": "text/html; charset=utf-8" });
  expect(result.body).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe("a session table that never answers, by production's own limits", () => {
  const routes: [string, () => Promise<ReturnType<typeof apiEvent>>][] = [
    ["GET /_identity/login", async () => apiEvent("GET", "/_identity/login?path=/a")],
    ["HEAD /_identity/login", async () => apiEvent("HEAD", "/_identity/login")],
    ["GET /_identity/auth", () => startedLogin()],
    ["GET /_identity/session", async () => apiEvent("GET", "/_identity/session", sessionCookie())],
    ["GET /_identity/logout", async () => apiEvent("GET", "/_identity/logout", sessionCookie())],
    ["POST /_identity/logout", async () => apiEvent("POST", "/_identity/logout", sessionCookie())],
  ];

  it.each(routes)("%s answers 503 within 2 s", async (_, eventFor) => {
    const event = await eventFor();
    const handle = sessionManager(config({ table: silent.origin }), {
      outboundTimeoutMs: undefined,
    });
    const { value: result, fakeMs } = await settleCountingFakeTime(() => handle(event), STEP_MS);
    expectUnavailablePage(result);
    expect(result.cookies ?? []).toEqual([]);
    // Waited on the code's own (fake-clock) limits, and within the budget.
    expect(fakeMs).toBeGreaterThanOrEqual(SOME_WAIT_MS);
    expect(fakeMs).toBeLessThanOrEqual(BUDGET_MS);
    // Ended by a time limit (the table accepts every connection).
    expect(logged(errors, "request failed")).toMatch(/TimeoutError|AbortError/);
  });
});

describe("a token endpoint that never answers", () => {
  it("ends the callback with the failure page, no session, once its limit has passed", async () => {
    const event = await startedLogin();
    const handle = sessionManager(config({ hostedUi: silent.origin }), {
      outboundTimeouts: { tokenEndpoint: SHORT_MS },
    });
    const result = await handle(event);
    expect(result.statusCode).toBe(502);
    expect(result.headers).toMatchObject({ "content-type": "text/html; charset=utf-8" });
    expect(result.body).toContain("could not complete the sign-in");
    expect((result.cookies ?? []).some((c) => c.startsWith(`${COOKIE_NAME}=`))).toBe(false);
    expect(logged(warnings, "login failed")).toContain(`no answer within ${SHORT_MS} ms`);
  });
});

describe("a JWKS that never answers", () => {
  it("ends the callback with a 503 page, no session, once its limit has passed", async () => {
    const event = await startedLogin();
    const handle = sessionManager(config({ jwksUri: `${silent.origin}/${POOL}/jwks.json` }), {
      outboundTimeouts: { jwks: SHORT_MS },
    });
    const asked = tokens.requests();
    const result = await handle(event);
    expect(tokens.requests()).toBe(asked + 1);
    expect(result.statusCode).toBe(503);
    expect(result.body).toContain("not reachable right now");
    expect((result.cookies ?? []).some((c) => c.startsWith(`${COOKIE_NAME}=`))).toBe(false);
    expect(logged(warnings, "login failed")).toContain("keys_unavailable");
  });
});
