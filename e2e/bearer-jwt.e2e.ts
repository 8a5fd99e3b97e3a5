// bearer-jwt mode (dev) in headless Chromium: sign in from the landing page
// through the hosted UI, read protected files with the Authorization header,
// with plain <img> through the service worker and with the query-parameter
// token; another user's folder, an expired token and a broken signature are
// refused.
import type { Page } from "playwright-core";
import { mintAccessTokenAt, type StandInUser } from "../local/stand-ins/cognito-stand-in";
import { bearerGateConfig } from "./support/edge-config";
import { imageLoads, type InPage } from "./support/in-page";
import { useLocalSite } from "./support/local-site";
import { isStandInLoginPage, signInAtStandIn } from "./support/stand-in-login";
import { jwtHeader, jwtPayload, withSignatureByteChanged } from "./support/jwt";

const site = useLocalSite("bearer-jwt", { environment: "dev" });

const folderOf = (user: StandInUser) => `/users/${user.sub}/`;

/** Signs in from the landing page's link; resolves on the landing page, holding the token. */
async function signIn(page: Page, user: StandInUser): Promise<void> {
  const landing = site.url(`${site.run.site.site}index.html`);
  await page.goto(site.url("/"));
  await page.locator("#sign-in").click();
  await page.waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin));
  await signInAtStandIn(page, user);
  // The callback page either goes on to the landing page or says why it could not.
  const outcome = page.locator("#outcome:not(:empty)");
  const toLanding = page.waitForURL(landing).then(() => null);
  const failed = outcome.waitFor().then(() => outcome.textContent());
  // The wait that loses the race ends with the page; its error is nobody's.
  for (const wait of [toLanding, failed]) wait.catch(() => undefined);
  const ended = await Promise.race([toLanding, failed]);
  if (ended !== null) throw new Error(`the sign-in callback page says: ${ended}`);
  await page.waitForFunction(
    () =>
      "authorization" in (globalThis as unknown as InPage).EdgeGateBearer.authorizationHeaders(),
  );
}

const accessToken = async (page: Page) =>
  (
    await page.evaluate(() =>
      (globalThis as unknown as InPage).EdgeGateBearer.authorizationHeaders(),
    )
  ).authorization.replace(/^Bearer /, "");

/** A fetch from the page: status, body and the challenge header. */
const fetchFrom = (page: Page, path: string, headers: Record<string, string>) =>
  page.evaluate(
    async ({ path, headers }) => {
      const response = await fetch(path, { headers, credentials: "same-origin" });
      return {
        status: response.status,
        body: await response.text(),
        challenge: response.headers.get("www-authenticate"),
      };
    },
    { path, headers },
  );

describe("bearer-jwt (dev) in a browser", () => {
  it("signs in from the landing page, then fetches a protected file with the header", async () => {
    const alice = site.user("alice");
    const page = await site.newPage();
    await signIn(page, alice);
    const file = `${folderOf(alice)}hello.txt`;

    const withHeader = await page.evaluate(
      (path) =>
        fetch(path, {
          headers: (globalThis as unknown as InPage).EdgeGateBearer.authorizationHeaders(),
        }).then(async (r) => ({ status: r.status, body: await r.text() })),
      file,
    );
    expect(withHeader).toEqual({ status: 200, body: "Hello from alice's folder.\n" });
    // The same request from the browser's profile but outside the page (so
    // the service worker adds nothing): the token, not a cookie or the
    // browser, opened it.
    expect((await page.context().request.get(site.url(file))).status()).toBe(401);
  });

  it("a plain <img> of a protected file loads through the service worker", async () => {
    const alice = site.user("alice");
    const page = await site.newPage();
    await signIn(page, alice);
    const picture = `${folderOf(alice)}picture.svg`;
    // Without a worker a plain <img> carries no token: the page must be controlled first.
    await page
      .waitForFunction(
        () => (globalThis as unknown as InPage).navigator.serviceWorker.controller !== null,
      )
      .catch((err: Error) => {
        throw new Error(`no service worker took control of the landing page: ${err.message}`);
      });
    // ...and it must hold the token, which the page hands over once it is registered.
    await page.waitForFunction(
      () => (globalThis as unknown as InPage).EdgeGateBearer.gate !== undefined,
    );
    await page.evaluate(() =>
      (globalThis as unknown as InPage).EdgeGateBearer.gate?.then(() => true),
    );

    expect(await imageLoads(page, picture)).toBe(true);
    expect(await imageLoads(page, `${folderOf(site.user("bob"))}picture.svg`)).toBe(false);
    const edgeSaw = site.run.requestLog.filter((entry) => entry.uri === picture);
    expect(edgeSaw.map((entry) => entry.status)).toContain(200);
  });

  it("the query-parameter token opens a file where the environment enables it", async () => {
    const parameter =
      site.run.environment.protection.mode === "bearer-jwt"
        ? site.run.environment.protection.tokenQueryParameter
        : null;
    expect(parameter).toBe("access_token");
    const alice = site.user("alice");
    const signedIn = await site.newPage();
    await signIn(signedIn, alice);
    const token = await accessToken(signedIn);

    // A fresh profile: nothing but the URL carries the token.
    const page = await site.newPage();
    const file = `${folderOf(alice)}hello.txt`;
    const opened = await page.goto(site.url(`${file}?${parameter}=${encodeURIComponent(token)}`));
    expect(opened?.status()).toBe(200);
    expect(await opened?.text()).toBe("Hello from alice's folder.\n");
    const refused = await page.goto(site.url(file));
    expect(refused?.status()).toBe(401);
  });

  it("refuses another user's folder to a signed-in user", async () => {
    const page = await site.newPage();
    await signIn(page, site.user("alice"));
    const token = await accessToken(page);
    const answer = await fetchFrom(page, `${folderOf(site.user("bob"))}hello.txt`, {
      authorization: `Bearer ${token}`,
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: "forbidden" });
  });

  it("refuses a correctly signed token that expired, takes it unexpired, refuses a broken signature", async () => {
    const alice = site.user("alice");
    const page = await site.newPage();
    await signIn(page, alice);
    const real = await accessToken(page);
    // The leeway the running gate allows: the environment's (dev: the schema's default, 30 s).
    const { clockSkewSeconds } = bearerGateConfig(site.run);
    const { protection } = site.run.environment;
    expect(protection.mode === "bearer-jwt" && protection.clockSkewSeconds).toBe(clockSkewSeconds);

    // Tokens the stand-in signs with the key in the JWKS the edge trusts, for
    // the client alice signed in with: an hour beyond the allowance either
    // way, so no verdict rests on how long the test takes.
    const mint = (exp: number, iat: number) =>
      mintAccessTokenAt(site.run.cognitoOrigin, {
        username: alice.username,
        clientId: String(jwtPayload(real).client_id),
        exp,
        iat,
      });
    const now = Math.floor(Date.now() / 1000);
    const expired = await mint(now - clockSkewSeconds - 3600, now - clockSkewSeconds - 7200);
    const current = await mint(now + 3600, now);
    const tampered = withSignatureByteChanged(current);
    // Shaped like the token endpoint's own: same header (alg, kid), same claims.
    for (const minted of [expired, current]) {
      expect(jwtHeader(minted)).toEqual(jwtHeader(real));
      expect(Object.keys(jwtPayload(minted)).sort()).toEqual(Object.keys(jwtPayload(real)).sort());
    }
    const file = `${folderOf(alice)}hello.txt`;

    const refused = await fetchFrom(page, file, { authorization: `Bearer ${expired}` });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toEqual({ error: "invalid_token" });
    expect(refused.challenge).toContain('error="invalid_token"');
    expect(refused.challenge).toContain("The access token expired");

    // The control: the same route, only exp and iat moved on.
    const accepted = await fetchFrom(page, file, { authorization: `Bearer ${current}` });
    expect({ status: accepted.status, body: accepted.body }).toEqual({
      status: 200,
      body: "Hello from alice's folder.\n",
    });

    // The accepted token with one signature byte changed: after it was
    // accepted, so the edge's memory of verified tokens must not take it either.
    const forged = await fetchFrom(page, file, { authorization: `Bearer ${tampered}` });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toEqual({ error: "invalid_token" });
    expect(forged.challenge).toContain('error="invalid_token"');
    expect(forged.challenge).toContain("The access token is invalid");
  });
});
