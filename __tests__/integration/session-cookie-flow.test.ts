// The session-cookie mode end to end over HTTP: the session checker and the
// session manager (the real handlers) against a real DynamoDB (dynalite) and
// a real OpenID Connect server standing in for the Cognito hosted UI. Every
// call to those services is expected to succeed: each gets a generous time
// limit, so a busy machine makes the flow slower, never different.
import type { SessionCheckerConfig } from "../../functions/session-checker/config";
import { createHandler as createChecker } from "../../functions/session-checker/handler";
import {
  signInThroughHostedUi,
  startCognitoStandIn,
  type CognitoStandIn,
} from "../support/cognito-stand-in";
import {
  startDynalite,
  TEST_CREDENTIALS,
  TEST_REGION,
  type LocalDynamo,
} from "../support/dynalite";
import {
  CLIENT_ID,
  COOKIE_NAME,
  LOGIN_COOKIE_PREFIX,
  sessionManager,
  sessionManagerConfig,
  SITE_ORIGIN,
  useTestCredentials,
} from "../support/session-manager-harness";
import { SiteBrowser } from "../support/site-browser";
import { GENEROUS_TIMEOUT_MS } from "../support/timing-harness";

const ALICE = {
  username: "alice@example.com",
  password: "Correct-Horse-9!",
  sub: "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6",
  email: "alice@example.com",
  groups: ["staff"],
};
const LIFETIME_SECONDS = 8 * 3600;
const IDLE_SECONDS = 1800;
const CACHE_SECONDS = 300;
const PROTECTED = "/users/alice/report.pdf?v=2";

let dynamo: LocalDynamo;
let cognito: CognitoStandIn;
let tableName: string;
let clock: number;

beforeAll(async () => {
  useTestCredentials();
  [dynamo, cognito] = await Promise.all([
    startDynalite(),
    startCognitoStandIn({
      users: [ALICE],
      clients: [
        {
          clientId: CLIENT_ID,
          redirectUris: [`${SITE_ORIGIN}/_identity/auth`],
          logoutUris: [`${SITE_ORIGIN}/signed-out.html`],
        },
      ],
    }),
  ]);
  tableName = await dynamo.createSessionTable();
});

afterAll(async () => {
  await Promise.all([dynamo.close(), cognito.close()]);
});

beforeEach(async () => {
  clock = Date.now();
  await cognito.failTokenEndpoint("off");
});

function checkerConfig(): SessionCheckerConfig {
  return {
    cookieName: COOKIE_NAME,
    table: {
      name: tableName,
      homeRegion: TEST_REGION,
      replicaRegions: [],
      endpoint: dynamo.endpoint,
    },
    // What config.json would say; the handler below replaces it with a generous limit.
    lookupTimeoutMs: 1000,
    positiveCacheSeconds: CACHE_SECONDS,
    negativeCacheSeconds: 5,
    cacheMaxEntries: 1000,
    idleTimeoutSeconds: IDLE_SECONDS,
    activityIntervalSeconds: 300,
    loginPath: "/_identity/login",
    // Alice's group reads the whole site: these flows are about logins, not path rules.
    rules: {
      publicPrefixes: ["/public/", "/signed-out.html"],
      groupPrefixes: [{ group: "staff", prefix: "/" }],
      userPrefixes: [],
    },
    identityHeader: "x-gate-sub",
    corsAllowedOrigins: [],
  };
}

/** A fresh site (checker with an empty cache, session manager) and a fresh browser. */
function site(): SiteBrowser {
  const now = () => clock;
  const checker = createChecker(checkerConfig(), {
    now,
    env: {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: TEST_REGION,
    },
    outboundTimeoutMs: GENEROUS_TIMEOUT_MS,
  });
  const manager = sessionManager(
    sessionManagerConfig({
      tableName,
      tableEndpoint: dynamo.endpoint,
      hostedUiBaseUrl: cognito.origin,
      issuer: cognito.issuer,
      jwksUri: cognito.jwksUri,
      sessionLifetimeSeconds: LIFETIME_SECONDS,
      idleTimeoutSeconds: IDLE_SECONDS,
    }),
    { now },
  );
  return new SiteBrowser(checker, manager);
}

/** The browser's login cookies: one per login in progress, named after its state. */
const loginCookiesOf = (browser: SiteBrowser) =>
  [...browser.jar.keys()].filter((name) => name.startsWith(`${LOGIN_COOKIE_PREFIX}-`));

/** From a protected navigation to the hosted UI's redirect back (not yet followed). */
async function reachCallback(browser: SiteBrowser, user: typeof ALICE | "cancel" = ALICE) {
  const denied = await browser.navigate(PROTECTED);
  expect(denied.status).toBe(307);
  const login = await browser.navigate(denied.location ?? "");
  expect(login.status).toBe(307);
  const callback = await signInThroughHostedUi(login.location ?? "", user);
  expect(callback.origin).toBe(SITE_ORIGIN);
  return callback.pathname + callback.search;
}

async function signIn(browser: SiteBrowser): Promise<string> {
  const callback = await reachCallback(browser);
  const signedIn = await browser.navigate(callback);
  expect(signedIn.status).toBe(302);
  return callback;
}

describe("session-cookie login flow over HTTP", () => {
  it("login → callback → session → protected request passes → logout → protected request redirected", async () => {
    const browser = site();
    const denied = await browser.navigate(PROTECTED);
    expect(denied.status).toBe(307);
    expect(denied.location).toBe(`/_identity/login?path=${encodeURIComponent(PROTECTED)}`);

    const login = await browser.navigate(denied.location ?? "");
    expect(new URL(login.location ?? "").origin).toBe(cognito.origin);
    expect(loginCookiesOf(browser)).toHaveLength(1);

    const revokedBefore = (await cognito.revokedTokens()).length;
    const callback = await signInThroughHostedUi(login.location ?? "", ALICE);
    const signedIn = await browser.navigate(callback.pathname + callback.search);
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe(PROTECTED);
    expect(browser.jar.get(COOKIE_NAME)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loginCookiesOf(browser)).toEqual([]);
    // Cognito's refresh token does not outlive the login: revoked at once.
    expect((await cognito.revokedTokens()).length).toBe(revokedBefore + 1);

    const content = await browser.navigate(PROTECTED);
    expect(content.status).toBe(200);
    expect(content.passedHeaders?.["x-gate-sub"]).toEqual([ALICE.sub]);
    expect(JSON.stringify(content.passedHeaders)).not.toContain(browser.jar.get(COOKIE_NAME));

    const stolen = browser.jar.get(COOKIE_NAME) ?? "";
    const logout = await browser.navigate("/_identity/logout");
    expect(logout.status).toBe(302);
    const hostedLogout = new URL(logout.location ?? "");
    expect(hostedLogout.origin + hostedLogout.pathname).toBe(`${cognito.origin}/logout`);
    expect(hostedLogout.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(hostedLogout.searchParams.get("logout_uri")).toBe(`${SITE_ORIGIN}/signed-out.html`);
    expect(browser.jar.has(COOKIE_NAME)).toBe(false);
    const back = await fetch(hostedLogout, { redirect: "manual" });
    expect(back.headers.get("location")).toBe(`${SITE_ORIGIN}/signed-out.html`);

    expect((await browser.navigate(PROTECTED)).status).toBe(307);
    // A copy of the cookie kept elsewhere: the item is gone, so a checker
    // that had not cached it refuses it at once.
    const thief = site();
    thief.jar.set(COOKIE_NAME, stolen);
    expect((await thief.navigate(PROTECTED)).status).toBe(307);
  });

  it("refuses a replay of a used state: the login record is single-use", async () => {
    const browser = site();
    const callback = await reachCallback(browser);
    const [usedLoginCookie] = loginCookiesOf(browser);
    expect((await browser.navigate(callback)).status).toBe(302);
    // The same callback again, with a login cookie by the name its state gives.
    const replayer = site();
    const url = new URL(callback, SITE_ORIGIN);
    replayer.jar.set(usedLoginCookie, "x".repeat(43));
    const replay = await replayer.navigate(url.pathname + url.search);
    expect(replay.status).toBe(400);
    expect(replay.location).toBeUndefined();
    expect(replayer.jar.has(COOKIE_NAME)).toBe(false);
  });

  it("refuses the callback replayed by the same browser with its own login cookie", async () => {
    const browser = site();
    const callback = await reachCallback(browser);
    const [loginCookie] = loginCookiesOf(browser);
    const loginValue = browser.jar.get(loginCookie) ?? "";
    expect((await browser.navigate(callback)).status).toBe(302);
    const session = browser.jar.get(COOKIE_NAME);
    browser.jar.set(loginCookie, loginValue);
    const replay = await browser.navigate(callback);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain("already used");
    expect(browser.jar.get(COOKIE_NAME)).toBe(session); // no new session
  });

  it("refuses a forged state without redeeming the code", async () => {
    const browser = site();
    const callback = new URL(await reachCallback(browser), SITE_ORIGIN);
    callback.searchParams.set("state", "forged-state");
    const tokenRequests = await cognito.tokenRequests();
    const forged = await browser.navigate(callback.pathname + callback.search);
    expect(forged.status).toBe(400);
    expect(await cognito.tokenRequests()).toBe(tokenRequests);
    expect(browser.jar.has(COOKIE_NAME)).toBe(false);
  });

  it("refuses a callback without the login cookie", async () => {
    const browser = site();
    const callback = await reachCallback(browser);
    for (const name of loginCookiesOf(browser)) browser.jar.delete(name);
    const result = await browser.navigate(callback);
    expect(result.status).toBe(400);
    expect(result.body).toContain("cookie");
    expect(browser.jar.has(COOKIE_NAME)).toBe(false);
  });

  it("shows a page, not a redirect loop, when the user cancels at the hosted UI", async () => {
    const browser = site();
    const callback = await reachCallback(browser, "cancel");
    expect(new URL(callback, SITE_ORIGIN).searchParams.get("error")).toBe("access_denied");
    const result = await browser.navigate(callback);
    expect(result.status).toBe(403);
    expect(result.location).toBeUndefined();
    expect(result.body).toContain(`/_identity/login?path=${encodeURIComponent(PROTECTED)}`);
    expect(browser.jar.has(COOKIE_NAME)).toBe(false);
    expect(loginCookiesOf(browser)).toEqual([]);
  });

  it("shows a 502 page when the code exchange fails", async () => {
    const browser = site();
    const callback = await reachCallback(browser);
    await cognito.failTokenEndpoint("server-error");
    const result = await browser.navigate(callback);
    expect(result.status).toBe(502);
    expect(result.location).toBeUndefined();
    expect(result.body).not.toMatch(/Error:|at .*:\d+:\d+/);
    expect(browser.jar.has(COOKIE_NAME)).toBe(false);
  });

  it("sends a tampered session id back to login", async () => {
    const browser = site();
    await signIn(browser);
    const id = browser.jar.get(COOKIE_NAME) ?? "";
    browser.jar.set(COOKIE_NAME, (id[0] === "A" ? "B" : "A") + id.slice(1));
    const result = await browser.navigate(PROTECTED);
    expect(result.status).toBe(307);
    expect(result.location).toBe(`/_identity/login?path=${encodeURIComponent(PROTECTED)}`);
  });

  it("refuses a session past its lifetime, even while its look-up is cached", async () => {
    const browser = site();
    await signIn(browser);
    expect((await browser.navigate(PROTECTED)).status).toBe(200);
    clock += (LIFETIME_SECONDS + 1) * 1000;
    expect((await browser.navigate(PROTECTED)).status).toBe(307);
  });

  it("refuses a session idle for longer than the idle timeout; the session endpoint keeps it alive", async () => {
    const kept = site();
    await signIn(kept);
    const idle = site();
    await signIn(idle);

    clock += (IDLE_SECONDS - 60) * 1000;
    const alive = await kept.navigate("/_identity/session");
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body ?? "{}")).toMatchObject({ sub: ALICE.sub, groups: ["staff"] });

    clock += 120 * 1000;
    expect((await idle.navigate(PROTECTED)).status).toBe(307);
    expect((await site().navigate("/_identity/session")).status).toBe(401);
    // A fresh checker reads the refreshed lastSeenAt from the table.
    const fresh = site();
    fresh.jar.set(COOKIE_NAME, kept.jar.get(COOKIE_NAME) ?? "");
    expect((await fresh.navigate(PROTECTED)).status).toBe(200);
  });

  it("keeps passing a session deleted while cached until the cached look-up ends, then refuses it", async () => {
    const browser = site();
    await signIn(browser);
    const id = browser.jar.get(COOKIE_NAME) ?? "";
    expect((await browser.navigate(PROTECTED)).status).toBe(200); // cached now
    await browser.navigate("/_identity/logout"); // deletes the item
    browser.jar.set(COOKIE_NAME, id);
    clock += (CACHE_SECONDS - 1) * 1000;
    expect((await browser.navigate(PROTECTED)).status).toBe(200);
    clock += 2 * 1000;
    expect((await browser.navigate(PROTECTED)).status).toBe(307);
  });
});
