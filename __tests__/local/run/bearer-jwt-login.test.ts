// `npm run local -- dev` (bearer-jwt) end to end over HTTP: the real
// emulator, the deployed bundle and the Cognito stand-in. The site's web
// client gets an access token with the authorization code flow and PKCE, as
// the sample pages do in a browser, and the edge opens the user's own folder
// with it and refuses another user's.
import { createHash, randomBytes } from "node:crypto";
import { startLocalEnvironment, type LocalEnvironment } from "../../../local/run";
import { signInThroughHostedUi } from "../../../local/stand-ins/cognito-stand-in";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { HttpBrowser } from "./http-browser";
import { expectStopped } from "./stopped";

let run: LocalEnvironment;

beforeAll(async () => {
  run = await startLocalEnvironment({ environment: "dev" });
});
afterAll(async () => {
  await run?.stop();
});

/** The sample pages' sign-in (bearer-login.js), over HTTP: the access token. */
async function accessTokenFor(user: { username: string; password: string }): Promise<string> {
  const oidc = run.site.oidc!;
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const authorize = new URL(oidc.authorizeUrl);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: oidc.clientId,
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes.join(" "),
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const callback = await signInThroughHostedUi(authorize.toString(), user);
  expect(`${callback.origin}${callback.pathname}`).toBe(oidc.redirectUri);
  expect(callback.searchParams.get("state")).toBe(state);

  // The page's own fetch: cross-origin from the site to the hosted UI.
  const response = await fetch(oidc.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: run.url },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: oidc.clientId,
      code: callback.searchParams.get("code") ?? "",
      redirect_uri: oidc.redirectUri,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(GENEROUS_TIMEOUT_MS),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe(run.url);
  const tokens = (await response.json()) as { access_token?: unknown };
  if (typeof tokens.access_token !== "string") throw new Error("no access token");
  return tokens.access_token;
}

test("a token from the hosted UI opens the user's folder; another user's folder is 403", async () => {
  const [alice, bob] = run.users;
  const token = await accessTokenFor(alice);
  const browser = new HttpBrowser(run.url);
  const bearer = { authorization: `Bearer ${token}` };

  expect((await browser.open(`/users/${alice.sub}/hello.txt`)).status).toBe(401);
  const own = await browser.open(`/users/${alice.sub}/hello.txt`, { headers: bearer });
  expect({ status: own.status, body: own.body }).toEqual({
    status: 200,
    body: "Hello from alice's folder.\n",
  });
  expect((await browser.open("/shared/hello.txt", { headers: bearer })).status).toBe(200);
  expect((await browser.open(`/users/${bob.sub}/hello.txt`, { headers: bearer })).status).toBe(403);
});

test("the landing page is public, and its CSP lets the page fetch tokens from the local hosted UI", async () => {
  const landing = await new HttpBrowser(run.url).navigate("/");
  expect(landing.status).toBe(200);
  expect(landing.body).toContain("edge-gate, running locally");
  const csp = String(landing.headers["content-security-policy"]);
  expect(csp).toContain(`connect-src 'self' ${run.cognitoOrigin}`);
  expect(csp).not.toContain("amazoncognito.com");
});

test("stop() leaves nothing running", async () => {
  await expectStopped(run);
});
