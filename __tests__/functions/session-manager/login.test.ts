// The session manager's /_identity/login and the callback's refusals, over a
// real (loopback) session table. Refusals happen before any call to the
// hosted UI, so its base URL points at nothing.
import { createHash } from "node:crypto";
import { GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { LOGIN_TTL_SECONDS } from "../../../functions/session-manager/identity-routes";
import { loginKey } from "../../../functions/shared/session-record";
import { startDynalite, type LocalDynamo } from "../../support/dynalite";
import { unusedOrigin } from "../../support/jwks-server";
import {
  apiEvent,
  CLIENT_ID,
  cookiePair,
  LOGIN_COOKIE_NAME,
  locationOf,
  sessionManager,
  sessionManagerConfig,
  setCookieFor,
  SITE_ORIGIN,
  useTestCredentials,
} from "../../support/session-manager-harness";

let dynamo: LocalDynamo;
let tableName: string;
let hostedUi: string;
let handle: ReturnType<typeof sessionManager>;
/** The handler's clock (ms): fixed, so expiry times are exact. */
const NOW_MS = 1_790_000_000_000;

beforeAll(async () => {
  useTestCredentials();
  dynamo = await startDynalite();
  tableName = await dynamo.createSessionTable();
  hostedUi = await unusedOrigin();
  handle = sessionManager(
    sessionManagerConfig({
      tableName,
      tableEndpoint: dynamo.endpoint,
      hostedUiBaseUrl: hostedUi,
      issuer: `${hostedUi}/eu-west-1_EdgeGate9`,
      jwksUri: `${hostedUi}/eu-west-1_EdgeGate9/.well-known/jwks.json`,
    }),
    { now: () => NOW_MS },
  );
});

afterAll(async () => {
  await dynamo.close();
});

async function startLogin(path = "/reports/q3.pdf?v=2") {
  const result = await handle(apiEvent("GET", `/_identity/login?path=${encodeURIComponent(path)}`));
  const authorize = new URL(locationOf(result));
  const loginCookie = setCookieFor(result, LOGIN_COOKIE_NAME);
  if (loginCookie === undefined) throw new Error("no login cookie");
  return { result, authorize, loginCookie, cookie: cookiePair(loginCookie) };
}

async function loginItem(loginId: string) {
  const item = await dynamo.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: loginKey(loginId) } } }),
  );
  return item.Item;
}

describe("GET /_identity/login", () => {
  it("sends the browser to the hosted UI's authorize endpoint with state, nonce and PKCE S256", async () => {
    const { result, authorize } = await startLogin();
    expect(result.statusCode).toBe(307);
    expect(result.headers?.["cache-control"]).toBe("no-store");
    expect(authorize.origin + authorize.pathname).toBe(`${hostedUi}/oauth2/authorize`);
    const q = authorize.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe(CLIENT_ID);
    expect(q.get("redirect_uri")).toBe(`${SITE_ORIGIN}/_identity/auth`);
    expect(q.get("scope")?.split(" ")).toContain("openid");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("nonce")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("sets a short-lived HttpOnly, Secure, SameSite=Lax login cookie holding 256 random bits", async () => {
    const { loginCookie } = await startLogin();
    const [pair, ...attributes] = loginCookie.split("; ");
    expect(pair).toMatch(new RegExp(`^${LOGIN_COOKIE_NAME}=[A-Za-z0-9_-]{43}$`));
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=600"]),
    );
  });

  it("stores state, nonce, the PKCE verifier and the return path under a hash of the login id", async () => {
    const { authorize, cookie } = await startLogin("/reports/q3.pdf?v=2");
    const loginId = cookie.split("=")[1];
    const item = await loginItem(loginId);
    expect(item?.state.S).toBe(authorize.searchParams.get("state"));
    expect(item?.nonce.S).toBe(authorize.searchParams.get("nonce"));
    const verifier = item?.codeVerifier.S ?? "";
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(
      authorize.searchParams.get("code_challenge"),
    );
    expect(item?.returnPath.S).toBe("/reports/q3.pdf?v=2");
    expect(Number(item?.expiresAt.N)).toBe(NOW_MS / 1000 + LOGIN_TTL_SECONDS);
    // The table holds no raw login id: only its hash is a key.
    const scan = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    expect(JSON.stringify(scan.Items)).not.toContain(loginId);
  });

  it("records an off-site return path as /", async () => {
    const { cookie } = await startLogin("//evil.example/");
    const item = await loginItem(cookie.split("=")[1]);
    expect(item?.returnPath.S).toBe("/");
  });

  it("answers other methods with 405 and unknown routes with 404", async () => {
    expect((await handle(apiEvent("POST", "/_identity/login"))).statusCode).toBe(405);
    expect((await handle(apiEvent("GET", "/_identity/nothing"))).statusCode).toBe(404);
    expect((await handle(apiEvent("GET", "/elsewhere"))).statusCode).toBe(404);
  });
});

describe("GET /_identity/auth refuses callbacks that do not belong to a login", () => {
  function expectRefusal(result: Awaited<ReturnType<typeof handle>>, status: number) {
    expect(result.statusCode).toBe(status);
    expect(result.headers?.["content-type"]).toMatch(/^text\/html/);
    expect(result.headers?.location).toBeUndefined();
    expect(result.body).toContain('href="/_identity/login?path=');
    expect(result.body).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    const cleared = setCookieFor(result, LOGIN_COOKIE_NAME);
    expect(cleared).toMatch(/Max-Age=0/);
  }

  it("refuses a callback without the login cookie", async () => {
    const { authorize } = await startLogin();
    const state = authorize.searchParams.get("state") ?? "";
    expectRefusal(await handle(apiEvent("GET", `/_identity/auth?code=abc&state=${state}`)), 400);
  });

  it("refuses a forged state and burns the login", async () => {
    const { authorize, cookie } = await startLogin();
    const forged = await handle(apiEvent("GET", "/_identity/auth?code=abc&state=forged", [cookie]));
    expectRefusal(forged, 400);
    // The genuine state no longer works either: the login record is gone.
    const state = authorize.searchParams.get("state") ?? "";
    const genuine = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${state}`, [cookie]),
    );
    expectRefusal(genuine, 400);
    expect(genuine.body).toContain("already used");
  });

  it("refuses a repeated state parameter", async () => {
    const { authorize, cookie } = await startLogin();
    const state = authorize.searchParams.get("state") ?? "";
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${state}&state=${state}`, [cookie]),
    );
    expectRefusal(result, 400);
  });

  it("refuses a login cookie that names no login", async () => {
    const result = await handle(
      apiEvent("GET", "/_identity/auth?code=abc&state=x", [
        `${LOGIN_COOKIE_NAME}=${"A".repeat(43)}`,
      ]),
    );
    expectRefusal(result, 400);
  });

  it("shows the hosted UI's error instead of redirecting, and offers a fresh login to the same path", async () => {
    const { authorize, cookie } = await startLogin("/reports/q3.pdf");
    const state = authorize.searchParams.get("state") ?? "";
    const result = await handle(
      apiEvent(
        "GET",
        `/_identity/auth?error=access_denied&error_description=<script>x</script>&state=${state}`,
        [cookie],
      ),
    );
    expectRefusal(result, 403);
    expect(result.body).toContain('href="/_identity/login?path=%2Freports%2Fq3.pdf"');
    expect(result.body).not.toContain("<script>");
    const other = await handle(
      apiEvent("GET", "/_identity/auth?error=server_error&error_description=boom", []),
    );
    expectRefusal(other, 400);
  });
});
