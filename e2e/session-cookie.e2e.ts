// session-cookie mode (staging) in headless Chromium: login redirects and
// returns, logins in two tabs, a fresh session at a replica-routed edge,
// group and {sub} folders, logout, and revocation once the edge's cache
// time is up. The edge runs in the replica region, and replication never
// arrives during the suite: whatever passes there was confirmed at home.
import type { BrowserContext, Page } from "playwright-core";
import type { StandInUser } from "../local/stand-ins/cognito-stand-in";
import { variantOf } from "../__tests__/support/synth";
import { GENEROUS_TIMEOUT_MS, useLocalSite } from "./support/local-site";
import {
  deleteSessionEverywhere,
  regionsHolding,
  sessionCookieValue,
} from "./support/session-table";
import { isStandInLoginPage, signInAtStandIn } from "./support/stand-in-login";

/** Staging, with the shortest cache time that still caches (0 asks the table every time). */
const environment = variantOf("staging", (input) => {
  if (input.protection.mode !== "session-cookie") throw new Error("staging is session-cookie");
  input.protection.lookupCacheSeconds = 1;
});
const settings = environment.protection.mode === "session-cookie" ? environment.protection : null;
if (settings === null) throw new Error("staging is session-cookie");
const REPLICA = settings.replicaRegions[0];
const COOKIE = settings.cookieName;

const site = useLocalSite("session-cookie", {
  environment,
  edgeRegion: REPLICA,
  // Longer than any run: no write reaches the replica while the suite runs.
  replicationDelayMs: 6 * 60 * 60 * 1000,
});

const folderOf = (user: StandInUser) => `/users/${user.sub}/`;
const staffFolder = () => settings.paths.groups[0].prefix;

/** Opens `path` signed out, signs in at the hosted UI and waits to be back at `path`. */
async function openThroughLogin(page: Page, path: string, user: StandInUser): Promise<void> {
  await page.goto(site.url(path));
  await page.waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin));
  await signInAtStandIn(page, user);
  await page.waitForURL(site.url(path));
}

/** A navigation's status and text, from a page already signed in (or not). */
async function open(
  page: Page,
  path: string,
): Promise<{ status: number; url: string; text: string }> {
  const response = await page.goto(site.url(path));
  return { status: response?.status() ?? 0, url: page.url(), text: (await response?.text()) ?? "" };
}

/** A program's view: fetch from the page, no redirect followed. */
const fetchFrom = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const response = await fetch(p, { credentials: "same-origin", redirect: "manual" });
    return {
      status: response.status,
      body: response.type === "opaqueredirect" ? "" : await response.text(),
    };
  }, path);

async function signedInAs(user: StandInUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.newContext();
  const page = await context.newPage();
  await openThroughLogin(page, `${folderOf(user)}hello.txt`, user);
  return { context, page };
}

describe("session-cookie (staging) in a browser", () => {
  it("a protected page redirects to the login and back to the page asked for", async () => {
    const alice = site.user("alice");
    const context = await site.newContext();
    const page = await context.newPage();
    const path = `${folderOf(alice)}hello.txt?from=e2e`;

    await openThroughLogin(page, path, alice);
    expect(await page.textContent("body")).toContain("Hello from alice's folder.");
    const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
  });

  it("two tabs logging in at once both end signed in", async () => {
    const alice = site.user("alice");
    const context = await site.newContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    const firstPath = `${folderOf(alice)}hello.txt`;
    const secondPath = `${staffFolder()}hello.txt`;
    // Both logins are under way before either completes.
    for (const [page, path] of [
      [first, firstPath],
      [second, secondPath],
    ] as const) {
      await page.goto(site.url(path));
      await page.waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin));
    }
    // The later login finishes first.
    await signInAtStandIn(second, alice);
    await second.waitForURL(site.url(secondPath));
    await signInAtStandIn(first, alice);
    await first.waitForURL(site.url(firstPath));

    expect(await second.textContent("body")).toContain(`Hello from ${staffFolder()}.`);
    expect(await first.textContent("body")).toContain("Hello from alice's folder.");
    // And the browser is still signed in, in both.
    expect((await open(second, secondPath)).status).toBe(200);
    expect((await open(first, firstPath)).status).toBe(200);
  });

  it("a session created at home passes at a replica-routed edge on its first request", async () => {
    const alice = site.user("alice");
    const table = site.run.sessionTable!;
    expect(table.replicaRegions).toContain(REPLICA);
    expect(table.homeRegion).not.toBe(REPLICA);
    const context = await site.newContext();
    const page = await context.newPage();
    const path = `${folderOf(alice)}picture.svg`;
    const logged = site.run.requestLog.length;

    await openThroughLogin(page, path, alice);
    // The first request with the new cookie is the redirect back: it passed.
    const first = site.run.requestLog
      .slice(logged)
      .find((entry) => entry.uri === path && entry.status !== 307);
    expect(first).toMatchObject({ functionVerdict: "passed", status: 200 });
    // ...while the session was at home only: the replica's miss was confirmed there.
    const cookie = await sessionCookieValue(context, COOKIE);
    expect(await regionsHolding(table, cookie)).toEqual([table.homeRegion]);
    expect(table.pendingReplications()).toBeGreaterThan(0);
  });

  it("group and {sub} folders: each user reads their own and their groups', nothing else", async () => {
    const alice = site.user("alice");
    const bob = site.user("bob");
    expect(alice.groups).toContain(settings.paths.groups[0].group);
    expect(bob.groups).toEqual([]);
    const asAlice = (await signedInAs(alice)).page;
    const asBob = (await signedInAs(bob)).page;

    expect((await open(asAlice, `${staffFolder()}hello.txt`)).status).toBe(200);
    expect((await open(asAlice, `${folderOf(alice)}hello.txt`)).status).toBe(200);
    expect((await open(asBob, `${folderOf(bob)}hello.txt`)).status).toBe(200);

    // Signed-in refusals are a 403 page where they were asked, never a login (it would loop).
    for (const [page, path] of [
      [asAlice, `${folderOf(bob)}hello.txt`],
      [asBob, `${folderOf(alice)}hello.txt`],
      [asBob, `${staffFolder()}hello.txt`],
    ] as const) {
      const answer = await open(page, path);
      expect({ path, status: answer.status, url: answer.url }).toEqual({
        path,
        status: 403,
        url: site.url(path),
      });
      // A program asking the same gets JSON.
      expect(await fetchFrom(page, path)).toEqual({ status: 403, body: '{"error":"forbidden"}' });
    }
  });

  it("logout ends the session: the next protected page asks for a login again", async () => {
    const alice = site.user("alice");
    const { context, page } = await signedInAs(alice);
    const cookie = await sessionCookieValue(context, COOKIE);

    await page.goto(site.url("/_identity/logout"));
    await page.waitForURL(site.url(settings.afterLogoutPath));
    expect((await context.cookies()).map((c) => c.name)).not.toContain(COOKIE);
    expect(await regionsHolding(site.run.sessionTable!, cookie)).toEqual([]);

    await page.goto(site.url(`${folderOf(alice)}hello.txt`));
    await page.waitForURL((url) => isStandInLoginPage(url.href, site.run.cognitoOrigin));
    // The hosted-UI session ended too: the login page asks for the password.
    await expect(page.locator("form[name=signin]").isVisible()).resolves.toBe(true);
  });

  it("a session deleted from the table stops passing once the edge's cache time is up", async () => {
    expect(settings.lookupCacheSeconds).toBe(1);
    const alice = site.user("alice");
    const { context, page } = await signedInAs(alice);
    const path = `${folderOf(alice)}hello.txt`;
    expect((await fetchFrom(page, path)).status).toBe(200);

    await deleteSessionEverywhere(
      site.run.sessionTable!,
      await sessionCookieValue(context, COOKIE),
    );
    // The edge may pass it from its cache for up to lookupCacheSeconds; poll, never time it.
    const deadline = Date.now() + GENEROUS_TIMEOUT_MS;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      // A pause between tries keeps the poll light on a shared machine; it decides nothing.
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetchFrom(page, path)).status;
    }
    expect(status).toBe(401);
    expect(await fetchFrom(page, path)).toEqual({
      status: 401,
      body: '{"error":"login_required"}',
    });
  });
});
