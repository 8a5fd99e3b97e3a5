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
  LOGIN_COOKIE_PREFIX,
  locationOf,
  sessionManager,
  sessionManagerConfig,
  SITE_ORIGIN,
  useTestCredentials,
  hostedUiAt,
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
      ...hostedUiAt(hostedUi),
    }),
    { now: () => NOW_MS },
  );
});

afterAll(async () => {
  await dynamo.close();
});

/** The login cookies (set or cleared) among Set-Cookie strings: one per login. */
const loginCookiesIn = (setCookies: readonly string[] = []) =>
  setCookies.filter(
    (c) => c.startsWith(`${LOGIN_COOKIE_PREFIX}-`) || c.startsWith(`${LOGIN_COOKIE_PREFIX}=`),
  );

async function startLogin(path = "/reports/q3.pdf?v=2", cookies: string[] = []) {
  const result = await handle(
    apiEvent("GET", `/_identity/login?path=${encodeURIComponent(path)}`, cookies),
  );
  const authorize = new URL(locationOf(result));
  const [loginCookie] = loginCookiesIn(result.cookies).filter((c) => !/Max-Age=0/.test(c));
  if (loginCookie === undefined) throw new Error("no login cookie");
  const cookie = cookiePair(loginCookie);
  const state = authorize.searchParams.get("state") ?? "";
  return { result, authorize, loginCookie, cookie, state, loginId: loginIdOf(cookie) };
}

/** The login id a login cookie holds (after the time it was issued at, when it carries one). */
function loginIdOf(pair: string): string {
  const value = pair.slice(pair.indexOf("=") + 1);
  return value.slice(value.lastIndexOf(".") + 1);
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
    const { loginCookie, loginId } = await startLogin();
    const [pair, ...attributes] = loginCookie.split("; ");
    expect(pair).toMatch(
      new RegExp(`^${LOGIN_COOKIE_PREFIX}-[A-Za-z0-9_-]{16}=[0-9a-z]+\\.${loginId}$`),
    );
    expect(loginId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=600"]),
    );
  });

  it("stores state, nonce, the PKCE verifier and the return path under a hash of the login id", async () => {
    const { authorize, loginId } = await startLogin("/reports/q3.pdf?v=2");
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
    const { loginId } = await startLogin("//evil.example/");
    const item = await loginItem(loginId);
    expect(item?.returnPath.S).toBe("/");
  });

  it("answers other methods with 405 and unknown routes with 404", async () => {
    expect((await handle(apiEvent("POST", "/_identity/login"))).statusCode).toBe(405);
    expect((await handle(apiEvent("GET", "/_identity/nothing"))).statusCode).toBe(404);
    expect((await handle(apiEvent("GET", "/elsewhere"))).statusCode).toBe(404);
  });
});

describe("GET /_identity/auth refuses callbacks that do not belong to a login", () => {
  /**
   * A failure page with a fresh-login link; the only login cookie it touches
   * is the callback's own (named after its state), cleared when the browser
   * sent it.
   */
  function expectRefusal(
    result: Awaited<ReturnType<typeof handle>>,
    status: number,
    ownLoginCookie?: string,
  ) {
    expect(result.statusCode).toBe(status);
    expect(result.headers?.["content-type"]).toMatch(/^text\/html/);
    expect(result.headers?.location).toBeUndefined();
    expect(result.body).toContain('href="/_identity/login?path=');
    expect(result.body).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    const touched = loginCookiesIn(result.cookies);
    if (ownLoginCookie === undefined) {
      expect(touched).toEqual([]);
    } else {
      expect(touched).toHaveLength(1);
      expect(touched[0]).toMatch(new RegExp(`^${ownLoginCookie.split("=")[0]}=;.*Max-Age=0`));
    }
  }

  it("refuses a callback without the login cookie", async () => {
    const { state } = await startLogin();
    const result = await handle(apiEvent("GET", `/_identity/auth?code=abc&state=${state}`));
    expectRefusal(result, 400);
    expect(result.body).toContain("cookie");
  });

  // The login is not burnt: a forged state names no login of this browser, so
  // the genuine callback can still complete (here it reaches the code
  // exchange, which fails only because no hosted UI listens).
  it("refuses a forged state and leaves the login to its own callback", async () => {
    const { state, cookie, loginId } = await startLogin();
    const forged = await handle(apiEvent("GET", "/_identity/auth?code=abc&state=forged", [cookie]));
    expectRefusal(forged, 400);
    expect(forged.body).toContain("does not belong");
    expect(await loginItem(loginId)).toBeDefined();
    const genuine = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${state}`, [cookie]),
    );
    expectRefusal(genuine, 502, cookie);
    expect(genuine.body).not.toContain("already used");
  });

  it("refuses a repeated state parameter", async () => {
    const { state, cookie, loginId } = await startLogin();
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${state}&state=${state}`, [cookie]),
    );
    expectRefusal(result, 400);
    expect(await loginItem(loginId)).toBeDefined();
  });

  it("refuses a login cookie that names no login", async () => {
    const { state, cookie } = await startLogin();
    const name = cookie.split("=")[0];
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${state}`, [`${name}=kx0.${"A".repeat(43)}`]),
    );
    expectRefusal(result, 400, cookie);
    expect(result.body).toContain("already used");
  });

  it("shows the hosted UI's error instead of redirecting, and offers a fresh login to the same path", async () => {
    const { state, cookie, loginId } = await startLogin("/reports/q3.pdf");
    const result = await handle(
      apiEvent(
        "GET",
        `/_identity/auth?error=access_denied&error_description=<script>x</script>&state=${state}`,
        [cookie],
      ),
    );
    expectRefusal(result, 403, cookie);
    expect(result.body).toContain('href="/_identity/login?path=%2Freports%2Fq3.pdf"');
    expect(result.body).not.toContain("<script>");
    expect(await loginItem(loginId)).toBeUndefined(); // its own login is over
    const other = await handle(
      apiEvent("GET", "/_identity/auth?error=server_error&error_description=boom", []),
    );
    expectRefusal(other, 400);
  });
});
