// signed-cookie mode (partners) in headless Chromium: after login the
// protected images load; a file outside the user's folders gets the refused
// page in a browser and a status (and the issuer's JSON) for a program; a
// signed URL opens its one file only; logout takes the access away.
import type { BrowserContext, Page } from "playwright-core";
import type { StandInUser } from "../local/stand-ins/cognito-stand-in";
import { imageLoads } from "./support/in-page";
import { GENEROUS_TIMEOUT_MS, useLocalSite } from "./support/local-site";
import { appAccessToken, isStandInLoginPage, signInAtStandIn } from "./support/stand-in-login";

const site = useLocalSite("signed-cookie", { environment: "partners" });

const folderOf = (user: StandInUser) => `/users/${user.sub}/`;
const partnersFolder = () => site.run.environment.protection.paths.groups[0].prefix;
const CLOUDFRONT_COOKIES = ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"];

/** A program's view: fetch from the page, no redirect followed. */
const fetchFrom = (page: Page, path: string, headers: Record<string, string> = {}) =>
  page.evaluate(
    async ({ path, headers }) => {
      const response = await fetch(path, {
        headers,
        credentials: "same-origin",
        redirect: "manual",
      });
      return {
        status: response.status,
        type: response.headers.get("content-type") ?? "",
        body: response.type === "opaqueredirect" ? "" : await response.text(),
      };
    },
    { path, headers },
  );

/** Signs in with the landing page's link; resolves on the "What can I open?" page it returns to. */
async function signIn(user: StandInUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.newContext();
  const page = await context.newPage();
  await page.goto(site.url("/"));
  await page.locator("#sign-in").click();
  await page.waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin));
  await signInAtStandIn(page, user);
  await page.waitForURL(site.url(`${site.run.site.site}can-i-open.html`));
  return { context, page };
}

describe("signed-cookie (partners) in a browser", () => {
  it("after login the protected images load, and only the user's", async () => {
    const alice = site.user("alice");
    const { context, page } = await signIn(alice);

    expect(await imageLoads(page, `${folderOf(alice)}picture.svg`)).toBe(true);
    expect(await imageLoads(page, `${partnersFolder()}picture.svg`)).toBe(true);
    expect(await imageLoads(page, `${folderOf(site.user("bob"))}picture.svg`)).toBe(false);
    // The "What can I open?" page agrees, row by row.
    const own = page.locator(`tr[data-path="${folderOf(alice)}picture.svg"]`);
    await expect(own.getAttribute("data-opened")).resolves.toBe("true");
    // Every cookie of a set: HttpOnly, Secure, SameSite, scoped to its folder.
    const sets = (await context.cookies()).filter((c) => c.name.startsWith("CloudFront-"));
    expect(new Set(sets.map((c) => c.path))).toEqual(new Set([folderOf(alice), partnersFolder()]));
    for (const cookie of sets) {
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
    }
  });

  it("a file outside the user's folders: the refused page in a browser, a 403 for a program's fetch", async () => {
    const bob = site.user("bob");
    const { page } = await signIn(bob);
    const path = `${partnersFolder()}hello.txt`;

    // The refused page sends the browser to login once per path; whether or
    // not the hosted UI asks for the password again, bob comes back refused,
    // and the page then stays, with a link.
    const logins = () => site.run.requestLog.filter((entry) => entry.uri === "/_auth/login").length;
    const loginsBefore = logins();
    const first = await page.goto(site.url(path));
    expect(first?.status()).toBe(403);
    const second = page.waitForResponse((response) => response.url() === site.url(path));
    const atLogin = page
      .waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin))
      .then(() => true);
    const backAlready = second.then(() => false);
    for (const wait of [atLogin, backAlready]) wait.catch(() => undefined);
    if (await Promise.race([atLogin, backAlready])) await signInAtStandIn(page, bob);
    expect((await second).status()).toBe(403);
    await page.waitForLoadState("load");
    expect(page.url()).toBe(site.url(path));
    await expect(page.title()).resolves.toBe("Sign-in required");
    await expect(page.locator("a", { hasText: "Sign in" }).getAttribute("href")).resolves.toContain(
      `/_auth/login?path=${encodeURIComponent(path)}`,
    );
    expect(logins() - loginsBefore).toBe(1);

    // A program's fetch: a 403 it can act on, never a redirect to the hosted UI.
    const fetched = await fetchFrom(page, path);
    expect(fetched.status).toBe(403);
  });

  it("a program asking the issuer for a signed URL outside the user's folders gets JSON: 422 forbidden", async () => {
    const bob = site.user("bob");
    const page = await site.newPage();
    const token = await appAccessToken(
      page,
      { cognitoOrigin: site.run.cognitoOrigin, ...site.appClient() },
      bob,
    );
    const path = `${partnersFolder()}hello.txt`;
    const asked = await fetchFrom(page, `/_auth/url?key=${encodeURIComponent(path)}`, {
      authorization: `Bearer ${token}`,
    });
    expect(asked).toMatchObject({ status: 422, type: expect.stringContaining("application/json") });
    expect(JSON.parse(asked.body)).toEqual({ error: "forbidden" });
  });

  it("a signed URL downloads one file, and only that file", async () => {
    const alice = site.user("alice");
    const token = await appAccessToken(
      await site.newPage(),
      { cognitoOrigin: site.run.cognitoOrigin, ...site.appClient() },
      alice,
    );
    const file = `${folderOf(alice)}hello.txt`;
    const answer = await fetch(site.url(`/_auth/url?key=${encodeURIComponent(file)}`), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(GENEROUS_TIMEOUT_MS),
    });
    expect(answer.status).toBe(200);
    const signed = new URL(((await answer.json()) as { url: string }).url);
    expect(signed.origin + signed.pathname).toBe(site.url(file));

    // A profile with no cookies at all: only the URL's signature can open anything.
    const page = await site.newPage();
    const opened = await page.goto(signed.href);
    expect(opened?.status()).toBe(200);
    expect(await opened?.text()).toBe("Hello from alice's folder.\n");
    expect(
      (await page.context().cookies()).filter((c) => c.name.startsWith("CloudFront-")),
    ).toEqual([]);

    // The same signature on any other file, even next to it, opens nothing.
    for (const other of [`${folderOf(alice)}picture.svg`, `${partnersFolder()}hello.txt`]) {
      const elsewhere = await fetchFrom(page, `${other}${signed.search}`);
      expect({ other, status: elsewhere.status }).toEqual({ other, status: 403 });
    }
  });

  it("logout removes access", async () => {
    const alice = site.user("alice");
    const { context, page } = await signIn(alice);
    const picture = `${folderOf(alice)}picture.svg`;
    expect(await imageLoads(page, picture)).toBe(true);

    await page.goto(site.url("/_auth/logout"));
    await page.waitForURL(site.url("/"));
    const left = (await context.cookies()).map((c) => c.name);
    for (const name of CLOUDFRONT_COOKIES) expect(left).not.toContain(name);
    expect(await imageLoads(page, picture)).toBe(false);
    expect((await fetchFrom(page, picture)).status).toBe(403);
  });
});
