// The Cognito stand-in's hosted-UI login page as a person uses it, and the
// authorization-code + PKCE login a program (or single-page app) makes to
// get an access token of the environment's own app client.
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import type { StandInUser } from "../../local/stand-ins/cognito-stand-in";
import { GENEROUS_TIMEOUT_MS } from "../../local/stand-ins/timing";

/** Whether `url` is the stand-in's login page (where the hosted UI asks for a password). */
export function isStandInLoginPage(url: string, cognitoOrigin: string): boolean {
  const parsed = new URL(url);
  return parsed.origin === cognitoOrigin && parsed.pathname.startsWith("/login/");
}

/** Waits for the stand-in's login form, fills it in as `user` and submits it. */
export async function signInAtStandIn(page: Page, user: StandInUser): Promise<void> {
  const form = page.locator("form[name=signin]");
  await form.locator("input[name=username]").fill(user.username);
  await form.locator("input[name=password]").fill(user.password);
  await form.locator("input[name=signInSubmitButton]").click();
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

export interface AppClientLogin {
  cognitoOrigin: string;
  clientId: string;
  /** A callback URL the client registered; the browser is stopped there. */
  redirectUri: string;
}

/**
 * An access token for `user` from the app client, as a single-page app gets
 * one: the browser goes through the hosted UI (signing in when it asks), and
 * the code it brings back is exchanged with the PKCE verifier.
 */
export async function appAccessToken(
  page: Page,
  login: AppClientLogin,
  user: StandInUser,
): Promise<string> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const challenge = base64url(createHash("sha256").update(verifier).digest());
  const atCallback = (url: URL) => url.href.startsWith(`${login.redirectUri}?`);
  const authorize = new URL(`${login.cognitoOrigin}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: login.clientId,
    redirect_uri: login.redirectUri,
    scope: "openid email profile",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  await page.goto(authorize.href);
  if (isStandInLoginPage(page.url(), login.cognitoOrigin)) await signInAtStandIn(page, user);
  // The site's callback page may load too: it finds no sign-in of its own in
  // this tab and leaves the code alone, so it is exchanged here.
  await page.waitForURL(atCallback);
  const back = new URL(page.url());
  if (back.searchParams.get("state") !== state) throw new Error("e2e: callback with another state");
  const response = await fetch(`${login.cognitoOrigin}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: login.clientId,
      code: back.searchParams.get("code") ?? "",
      redirect_uri: login.redirectUri,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(GENEROUS_TIMEOUT_MS),
  });
  const tokens = (await response.json()) as { access_token?: unknown };
  if (!response.ok || typeof tokens.access_token !== "string") {
    throw new Error(`e2e: token endpoint answered ${response.status}`);
  }
  return tokens.access_token;
}
