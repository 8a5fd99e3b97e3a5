// The signed-cookie mode end to end over HTTP: a browser signs in through a
// real OpenID Connect server standing in for the Cognito hosted UI, the
// cookie issuer (the real handler, its key from a Secrets Manager stand-in)
// sets CloudFront signed cookies, and every other path is judged as
// CloudFront judges signed cookies against the distribution's key group.
// Every call to those services is expected to succeed: each gets a generous
// time limit, so a busy machine makes the flow slower, never different.
import type { CookieIssuerConfig } from "../../functions/cookie-issuer/config";
import type { CookieIssuerHandler } from "../../functions/cookie-issuer/handler";
import { createHandler } from "../../functions/cookie-issuer/handler";
import {
  checkSignedCookies,
  type KeyGroup,
  type Verdict,
} from "../support/cloudfront-signed-cookies";
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
  keyGroupOf,
  SECRET_NAME,
  SITE_ORIGIN,
  useTestCredentials,
} from "../support/cookie-issuer-harness";
import {
  startSecretsManagerStandIn,
  type SecretsManagerStandIn,
} from "../support/secrets-manager-stand-in";
import { GENEROUS_TIMEOUT_MS } from "../support/timing-harness";

const ALICE = {
  username: "alice@example.com",
  password: "Correct-Horse-9!",
  sub: "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6",
  email: "alice@example.com",
  groups: ["staff"],
};
const BOB = {
  username: "bob@example.com",
  password: "Battery-Staple-7!",
  sub: "0c4b8e1d-2f3a-4b5c-9d6e-7f8091a2b3c4",
  email: "bob@example.com",
  groups: [],
};
const LIFETIME_SECONDS = 3600;
const OWN_FILE = `/users/${ALICE.sub}/report.pdf?v=2`;
const BOBS_FILE = `/users/${BOB.sub}/report.pdf`;
/** Each login's cookie is this, "-" and an id derived from its state. */
const LOGIN_COOKIE = "__Host-edge-gate-login";
const loginCookies = (names: string[]) => names.filter((n) => n.startsWith(`${LOGIN_COOKIE}-`));

const signingKey = generateCloudFrontKey("rsa");
const keyGroup: KeyGroup = keyGroupOf(signingKey);
let cognito: CognitoStandIn;
let secrets: SecretsManagerStandIn;
let jwks: CookieIssuerConfig["jwks"];
let clock: number;

beforeAll(async () => {
  useTestCredentials();
  [cognito, secrets] = await Promise.all([
    startCognitoStandIn({
      users: [ALICE, BOB],
      clients: [
        {
          clientId: HOSTED_UI_CLIENT_ID,
          redirectUris: [`${SITE_ORIGIN}/_auth/callback`],
          logoutUris: [`${SITE_ORIGIN}/signed-out.html`],
        },
      ],
    }),
    startSecretsManagerStandIn(),
  ]);
  secrets.put(SECRET_NAME, signingKey.pem);
  // As Terraform reads it at apply time for the function's config.
  jwks = (await (await fetch(cognito.jwksUri)).json()) as typeof jwks;
});

afterAll(async () => {
  await Promise.all([cognito.close(), secrets.close()]);
});

beforeEach(() => {
  clock = Date.now();
});

interface Answer {
  status: number;
  location?: string;
  body?: string;
  /** CloudFront's verdict, for a protected path. */
  verdict?: Verdict;
}

/** A browser on the site: /_auth/* reaches the issuer, everything else CloudFront's signed-cookie check. */
class SignedCookieSite {
  readonly jar = new BrowserJar();

  constructor(private readonly issuer: CookieIssuerHandler) {}

  private now(): number {
    return Math.floor(clock / 1000);
  }

  async navigate(target: string): Promise<Answer> {
    const url = new URL(target, SITE_ORIGIN);
    if (url.pathname.startsWith("/_auth/")) {
      const result = await this.issuer(
        issuerEvent("GET", target, {
          cookies: this.jar.cookieList(url.href, this.now()),
          headers: { "sec-fetch-mode": "navigate", accept: "text/html" },
        }),
      );
      this.jar.store(result.cookies ?? [], this.now());
      const location = result.headers?.location;
      return {
        status: result.statusCode ?? 0,
        location: typeof location === "string" ? location : undefined,
        body: result.body,
      };
    }
    const cookies = this.jar.cookiesFor(url.href, this.now());
    const verdict = checkSignedCookies({ url: url.href, cookies, now: this.now() }, keyGroup);
    return { status: verdict.allow ? 200 : 403, verdict };
  }

  hasSignedCookies(): boolean {
    return this.jar.names().some((name) => name.startsWith("CloudFront-"));
  }
}

function site(): SignedCookieSite {
  const config = issuerConfig(
    {
      secrets,
      jwks,
      issuer: cognito.issuer,
      hostedUiBaseUrl: cognito.origin,
    },
    {
      accessTokenClientIds: [HOSTED_UI_CLIENT_ID],
      cookieLifetimeSeconds: LIFETIME_SECONDS,
      rules: {
        groupPrefixes: [{ group: "staff", prefix: "/staff/" }],
        userPrefixes: ["/users/{sub}/"],
      },
    },
  );
  return new SignedCookieSite(
    createHandler(config, { now: () => clock, outboundTimeoutMs: GENEROUS_TIMEOUT_MS }),
  );
}

/** From the login route to the hosted UI's redirect back (not yet followed). */
async function reachCallback(
  browser: SignedCookieSite,
  user: typeof ALICE | "cancel" = ALICE,
): Promise<string> {
  const login = await browser.navigate(`/_auth/login?path=${encodeURIComponent(OWN_FILE)}`);
  expect(login.status).toBe(307);
  expect(new URL(login.location ?? "").origin).toBe(cognito.origin);
  expect(loginCookies(browser.jar.names())).toHaveLength(1);
  const callback = await signInThroughHostedUi(login.location ?? "", user);
  expect(callback.origin).toBe(SITE_ORIGIN);
  return callback.pathname + callback.search;
}

describe("signed-cookie login flow over HTTP", () => {
  it("login → callback → signed cookies that open the user's folders and nothing else", async () => {
    const browser = site();
    expect((await browser.navigate(OWN_FILE)).status).toBe(403);

    const callback = await reachCallback(browser);
    const signedIn = await browser.navigate(callback);
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe(OWN_FILE);
    expect(loginCookies(browser.jar.names())).toEqual([]);

    expect(await browser.navigate(OWN_FILE)).toEqual({ status: 200, verdict: { allow: true } });
    expect((await browser.navigate("/staff/handbook.pdf")).status).toBe(200);
    const bobs = await browser.navigate(BOBS_FILE);
    expect(bobs.status).toBe(403);
    // Alice's set presented at Bob's folder opens nothing either.
    const own = browser.jar.cookiesFor(`${SITE_ORIGIN}${OWN_FILE}`, Math.floor(clock / 1000));
    const forced = checkSignedCookies(
      { url: `${SITE_ORIGIN}${BOBS_FILE}`, cookies: own, now: Math.floor(clock / 1000) },
      keyGroup,
    );
    expect(forced).toEqual({ allow: false, reason: "Resource does not match the URL" });

    clock += LIFETIME_SECONDS * 1000;
    expect((await browser.navigate(OWN_FILE)).status).toBe(403);
  });

  it("issues only the user's own folder to a user in no group", async () => {
    const browser = site();
    const login = await browser.navigate(`/_auth/login?path=/`);
    const callback = await signInThroughHostedUi(login.location ?? "", BOB);
    expect((await browser.navigate(callback.pathname + callback.search)).status).toBe(302);
    expect((await browser.navigate(BOBS_FILE)).status).toBe(200);
    expect((await browser.navigate(OWN_FILE)).status).toBe(403);
    expect((await browser.navigate("/staff/handbook.pdf")).status).toBe(403);
  });

  it("shows a page and sets no cookies when the user cancels at the hosted UI", async () => {
    const browser = site();
    const callback = await reachCallback(browser, "cancel");
    expect(new URL(callback, SITE_ORIGIN).searchParams.get("error")).toBe("access_denied");
    const result = await browser.navigate(callback);
    // Not 403: CloudFront's error page would replace the issuer's page.
    expect(result.status).toBe(422);
    expect(result.location).toBeUndefined();
    expect(result.body).toContain(`/_auth/login?path=${encodeURIComponent(OWN_FILE)}`);
    expect(browser.hasSignedCookies()).toBe(false);
    expect(loginCookies(browser.jar.names())).toEqual([]);
  });

  it("issues nothing for a replayed callback: Cognito redeems each code once", async () => {
    const browser = site();
    const callback = await reachCallback(browser);
    const sealed = browser.jar.cookieList(
      `${SITE_ORIGIN}/_auth/callback`,
      Math.floor(clock / 1000),
    );
    expect((await browser.navigate(callback)).status).toBe(302);
    const replayer = site();
    replayer.jar.store(
      sealed.map((pair) => `${pair}; Path=/`),
      Math.floor(clock / 1000),
    );
    const replay = await replayer.navigate(callback);
    expect(replay.status).toBe(502);
    expect(replayer.hasSignedCookies()).toBe(false);
  });

  it("logout expires every cookie set and sends the browser to the hosted UI's /logout", async () => {
    const browser = site();
    expect((await browser.navigate(await reachCallback(browser))).status).toBe(302);
    expect((await browser.navigate(OWN_FILE)).status).toBe(200);

    const logout = await browser.navigate("/_auth/logout");
    expect(logout.status).toBe(302);
    const hostedLogout = new URL(logout.location ?? "");
    expect(hostedLogout.origin + hostedLogout.pathname).toBe(`${cognito.origin}/logout`);
    expect(hostedLogout.searchParams.get("client_id")).toBe(HOSTED_UI_CLIENT_ID);
    expect(hostedLogout.searchParams.get("logout_uri")).toBe(`${SITE_ORIGIN}/signed-out.html`);
    expect(browser.jar.names()).toEqual([]);
    expect((await browser.navigate(OWN_FILE)).status).toBe(403);
    expect((await browser.navigate("/staff/handbook.pdf")).status).toBe(403);

    const back = await fetch(hostedLogout, { redirect: "manual" });
    expect(back.headers.get("location")).toBe(`${SITE_ORIGIN}/signed-out.html`);
  });
});
