// Logins started in several tabs of one browser (the everyday case of a
// session that ends while three tabs are open): each tab's callback finds its
// own login, whatever order the hosted UI's redirects come back in, for the
// session manager and the cookie issuer alike. Over HTTP against the Cognito
// stand-in, dynalite and a Secrets Manager stand-in; every call to them is
// expected to succeed and gets a generous time limit.
import type { ViewerRequestHandler } from "../../functions/session-checker/handler";
import type { CookieIssuerConfig } from "../../functions/cookie-issuer/config";
import type { CookieIssuerHandler } from "../../functions/cookie-issuer/handler";
import {
  signInThroughHostedUi,
  startCognitoStandIn,
  type CognitoStandIn,
} from "../support/cognito-stand-in";
import {
  BrowserJar,
  generateCloudFrontKey,
  HOSTED_UI_CLIENT_ID,
  issuerConfig,
  issuerEvent,
  SITE_ORIGIN,
  startIssuerHarness,
  type IssuerHarness,
} from "../support/cookie-issuer-harness";
import { startDynalite, type LocalDynamo } from "../support/dynalite";
import {
  CLIENT_ID,
  COOKIE_NAME,
  LOGIN_COOKIE_PREFIX,
  sessionManager,
  sessionManagerConfig,
  useTestCredentials,
} from "../support/session-manager-harness";
import { SiteBrowser } from "../support/site-browser";
import { GENEROUS_TIMEOUT_MS } from "../support/timing-harness";
import { createHandler as createIssuer } from "../../functions/cookie-issuer/handler";

const ALICE = {
  username: "alice@example.com",
  password: "Correct-Horse-9!",
  sub: "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6",
  email: "alice@example.com",
  groups: ["staff"],
};

/** The six orders three callbacks can come back in. */
const ORDERS: [number, number, number][] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

let cognito: CognitoStandIn;
let dynamo: LocalDynamo;
let tableName: string;
let issuerHarness: IssuerHarness;
let clock: number;

beforeAll(async () => {
  useTestCredentials();
  [cognito, dynamo, issuerHarness] = await Promise.all([
    startCognitoStandIn({
      users: [ALICE],
      clients: [
        {
          clientId: CLIENT_ID,
          redirectUris: [`${SITE_ORIGIN}/_identity/auth`],
          logoutUris: [`${SITE_ORIGIN}/signed-out.html`],
        },
        {
          clientId: HOSTED_UI_CLIENT_ID,
          redirectUris: [`${SITE_ORIGIN}/_auth/callback`],
          logoutUris: [`${SITE_ORIGIN}/signed-out.html`],
        },
      ],
    }),
    startDynalite(),
    startIssuerHarness(generateCloudFrontKey("ec")),
  ]);
  tableName = await dynamo.createSessionTable();
});

afterAll(async () => {
  await Promise.all([cognito.close(), dynamo.close(), issuerHarness.close()]);
});

beforeEach(() => {
  clock = Date.now();
});

/** The login cookies among `names`: one per login in progress. */
const loginCookieNames = (names: Iterable<string>, prefix: string) =>
  [...names].filter((name) => name === prefix || name.startsWith(`${prefix}-`));

describe("session-cookie mode: three tabs of one browser sign in", () => {
  const PAGES = ["/reports/a.pdf", "/reports/b.pdf?v=2", "/users/alice/c.pdf"];

  /** Content requests are not part of these logins: only /_identity/* is visited. */
  const noContent: ViewerRequestHandler = async () => {
    throw new Error("no content request expected");
  };

  function site(): SiteBrowser {
    const manager = sessionManager(
      sessionManagerConfig({
        tableName,
        tableEndpoint: dynamo.endpoint,
        hostedUiBaseUrl: cognito.origin,
        issuer: cognito.issuer,
        jwksUri: cognito.jwksUri,
      }),
      { now: () => clock },
    );
    return new SiteBrowser(noContent, manager);
  }

  it.each(ORDERS)(
    "every tab ends signed in when the callbacks come back in the order %i, %i, %i",
    async (...order) => {
      const browser = site();
      // Each tab is sent to login (as the checker sends it) and signs in at the hosted UI.
      const callbacks: string[] = [];
      for (const page of PAGES) {
        const login = await browser.navigate(`/_identity/login?path=${encodeURIComponent(page)}`);
        expect(login.status).toBe(307);
        const callback = await signInThroughHostedUi(login.location ?? "", ALICE);
        callbacks.push(callback.pathname + callback.search);
      }
      expect(loginCookieNames(browser.jar.keys(), LOGIN_COOKIE_PREFIX)).toHaveLength(3);

      const sessions: string[] = [];
      for (const tab of order) {
        const back = await browser.navigate(callbacks[tab]);
        expect({ tab, status: back.status, location: back.location }).toEqual({
          tab,
          status: 302,
          location: PAGES[tab],
        });
        sessions.push(browser.jar.get(COOKIE_NAME) ?? "");
      }
      // Three sessions, each alive in the table; the browser keeps the last.
      expect(new Set(sessions).size).toBe(3);
      for (const session of sessions) {
        const holder = site();
        holder.jar.set(COOKIE_NAME, session);
        const answer = await holder.navigate("/_identity/session");
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body ?? "{}")).toMatchObject({ sub: ALICE.sub });
      }
      expect((await browser.navigate("/_identity/session")).status).toBe(200);
      expect(loginCookieNames(browser.jar.keys(), LOGIN_COOKIE_PREFIX)).toEqual([]);
    },
  );
});

describe("signed-cookie mode: three tabs of one browser sign in", () => {
  const PAGES = [
    `/users/${ALICE.sub}/a.pdf`,
    `/staff/handbook.pdf?v=2`,
    `/users/${ALICE.sub}/deep/c.pdf`,
  ];
  const ISSUER_LOGIN_PREFIX = "__Host-edge-gate-login";

  let jwks: CookieIssuerConfig["jwks"];
  beforeAll(async () => {
    jwks = (await (await fetch(cognito.jwksUri)).json()) as typeof jwks;
  });

  function issuer(): CookieIssuerHandler {
    const config = issuerConfig(
      {
        secrets: issuerHarness.secrets,
        jwks,
        issuer: cognito.issuer,
        hostedUiBaseUrl: cognito.origin,
      },
      {
        accessTokenClientIds: [HOSTED_UI_CLIENT_ID],
        rules: {
          groupPrefixes: [{ group: "staff", prefix: "/staff/" }],
          userPrefixes: ["/users/{sub}/"],
        },
      },
    );
    return createIssuer(config, { now: () => clock, outboundTimeoutMs: GENEROUS_TIMEOUT_MS });
  }

  it.each(ORDERS)(
    "every tab's callback sets its cookies and returns to its page in the order %i, %i, %i",
    async (...order) => {
      const handle = issuer();
      const jar = new BrowserJar();
      const now = () => Math.floor(clock / 1000);
      const navigate = async (target: string) => {
        const url = new URL(target, SITE_ORIGIN);
        const result = await handle(
          issuerEvent("GET", target, {
            cookies: jar.cookieList(url.href, now()),
            headers: { "sec-fetch-mode": "navigate", accept: "text/html" },
          }),
        );
        jar.store(result.cookies ?? [], now());
        return result;
      };

      const callbacks: string[] = [];
      for (const page of PAGES) {
        const login = await navigate(`/_auth/login?path=${encodeURIComponent(page)}`);
        expect(login.statusCode).toBe(307);
        const callback = await signInThroughHostedUi(String(login.headers?.location), ALICE);
        callbacks.push(callback.pathname + callback.search);
      }
      expect(loginCookieNames(jar.names(), ISSUER_LOGIN_PREFIX)).toHaveLength(3);

      for (const tab of order) {
        const back = await navigate(callbacks[tab]);
        expect({ tab, status: back.statusCode, location: back.headers?.location }).toEqual({
          tab,
          status: 302,
          location: PAGES[tab],
        });
        const set = (back.cookies ?? []).filter((c) => c.startsWith("CloudFront-Policy="));
        expect(set.length).toBeGreaterThan(0);
      }
      expect(loginCookieNames(jar.names(), ISSUER_LOGIN_PREFIX)).toEqual([]);
    },
  );
});
