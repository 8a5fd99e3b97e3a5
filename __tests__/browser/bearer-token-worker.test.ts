// The bearer-token browser helper in real headless Chromium: the service
// worker adds the token the page gave it to same-origin GET/HEAD requests
// (plain <img> and <a href> included), never anywhere else, and no token
// ever shows in a URL or Referer a server saw.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../../e2e/support/chromium";
import { AUTH_BASE_PATH } from "../../stacks/protection/signed-cookie";
import { IDENTITY_BASE_PATH } from "../../stacks/protection/session-cookie";
import { LoopbackServer, otherRoutes, siteRoutes, type LoggedRequest } from "./loopback-site";

/** JWT-shaped, as the worker accepts only a JWS compact serialization. */
const TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
const IMAGE = "/users/alice/photo.png";
const BEARER = `Bearer ${TOKEN}`;

let browser: Browser;
let other: LoopbackServer;
let site: LoopbackServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  other = new LoopbackServer(otherRoutes);
  await other.start();
  site = new LoopbackServer(siteRoutes(TOKEN, () => other.origin));
  await site.start();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await other?.stop();
});

/** Waits for the page's helper: registered and in control, or the reason it is not. */
async function ready(): Promise<void> {
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  expect(await page.getAttribute("body", "data-ready")).toBe("yes");
}

/** A fresh profile (no worker installed yet) on the site's page, the helper ready. */
beforeEach(async () => {
  site.log.length = 0;
  other.log.length = 0;
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${site.origin}/`);
  await ready();
});

afterEach(async () => {
  // Whatever a test did, no server ever saw the token in a URL or a Referer.
  for (const r of [...site.log, ...other.log]) {
    expect(r.url).not.toContain(TOKEN);
    expect(r.referer ?? "").not.toContain(TOKEN);
  }
  await context?.close();
});

/**
 * The browser globals the in-page functions below use, with the page's
 * helper as `gate` (the project's TypeScript has no DOM library; these
 * functions run in the page, never in Node).
 */
interface InPage {
  document: {
    body: { append(node: unknown): void };
    createElement(tag: "a"): { href: string; textContent: string };
  };
  Image: new () => { onload(): void; onerror(): void; src: string };
  MessageChannel: new () => { port1: { onmessage(e: { data: unknown }): void }; port2: unknown };
  navigator: {
    serviceWorker: { controller: { postMessage(m: unknown, t: unknown[]): void } | null };
  };
  gate: { setToken(token: string): Promise<void>; clearToken(): Promise<void> };
}

/** Whether an <img src> loads (the browser tells only that: loaded or failed). */
const loadImage = (src: string) =>
  page.evaluate(
    (s) =>
      new Promise<string>((resolve) => {
        const w = globalThis as unknown as InPage;
        const img = new w.Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => resolve("failed");
        img.src = s;
        w.document.body.append(img);
      }),
    src,
  );

const setToken = (token: string) =>
  page.evaluate((t) => (globalThis as unknown as InPage).gate.setToken(t), token);
const clearToken = () => page.evaluate(() => (globalThis as unknown as InPage).gate.clearToken());

/** Adds a plain link to `href` to the page (then `page.click("a")` follows it). */
const addLink = (href: string) =>
  page.evaluate((h) => {
    const w = globalThis as unknown as InPage;
    const a = w.document.createElement("a");
    a.href = h;
    a.textContent = "link";
    w.document.body.append(a);
  }, href);

/** Whether the worker controls the page. */
const controlled = () =>
  page.evaluate(
    () => (globalThis as unknown as InPage).navigator.serviceWorker.controller !== null,
  );

/** A function that stops the site's worker, as the browser does to an idle one, and waits until it has. */
async function workerStopper(): Promise<() => Promise<void>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  return async () => {
    const stopped = new Promise<void>((resolve) => {
      const listener = (e: { versions: { runningStatus: string }[] }) => {
        if (e.versions.some((v) => v.runningStatus === "stopped")) {
          cdp.off("ServiceWorker.workerVersionUpdated", listener);
          resolve();
        }
      };
      cdp.on("ServiceWorker.workerVersionUpdated", listener);
    });
    await cdp.send("ServiceWorker.stopAllWorkers");
    await stopped;
  };
}

/** What the site saw for requests to `path` (query included). */
const seen = (server: LoopbackServer, path: string): LoggedRequest[] =>
  server.log.filter((r) => r.url === path);

describe("the page hands the worker its token", () => {
  it("controls the page once registered", async () => {
    expect(await controlled()).toBe(true);
  });

  it("an <img> of a protected file loads only after the token is posted", async () => {
    expect(await loadImage(`${IMAGE}?before`)).toBe("failed");
    expect(seen(site, `${IMAGE}?before`).map((r) => r.authorization)).toEqual([undefined]);

    await setToken(TOKEN);
    expect(await loadImage(`${IMAGE}?after`)).toBe("loaded");
    expect(seen(site, `${IMAGE}?after`).map((r) => r.authorization)).toEqual([BEARER]);
  });

  it("a plain <a href> to a protected file opens it, the navigation re-sent with the header", async () => {
    await setToken(TOKEN);
    await addLink("/users/alice/report.html");
    await Promise.all([page.waitForURL("**/users/alice/report.html"), page.click("a")]);
    expect(await page.textContent("h1")).toBe("alice's report");
    const [navigation] = seen(site, "/users/alice/report.html");
    expect(navigation.authorization).toBe(BEARER);
    // The copy is a same-origin request, no longer a navigation.
    expect(navigation.secFetchMode).toBe("same-origin");
    expect(navigation.accept).toMatch(/text\/html/);
  });

  it("a page load whose token is refused is sent again without it, so the edge can send it to login", async () => {
    const refused = TOKEN.replace(/\.[^.]+$/, ".b3RoZXI");
    await setToken(refused);
    await page.goto(`${site.origin}/users/alice/report.html`);
    expect(page.url()).toBe(`${site.origin}/login`);
    expect(
      seen(site, "/users/alice/report.html").map((r) => [r.authorization, r.secFetchMode]),
    ).toEqual([
      [`Bearer ${refused}`, "same-origin"],
      [undefined, "navigate"],
    ]);
  });

  it("a typed or bookmarked address of a protected file opens it too", async () => {
    await setToken(TOKEN);
    await page.goto(`${site.origin}/users/alice/typed.html`);
    expect(await page.textContent("h1")).toBe("alice's report");
    expect(seen(site, "/users/alice/typed.html").map((r) => r.authorization)).toEqual([BEARER]);
  });

  it("clearing the token makes the image fail again", async () => {
    await setToken(TOKEN);
    expect(await loadImage(`${IMAGE}?1`)).toBe("loaded");
    await clearToken();
    expect(await loadImage(`${IMAGE}?2`)).toBe("failed");
    expect(seen(site, `${IMAGE}?2`).map((r) => r.authorization)).toEqual([undefined]);
  });

  it("a reload re-sends the token: the helper starts empty, and the page posts it again", async () => {
    await setToken(TOKEN);
    await page.reload();
    await ready();
    // The worker may still hold the old page's token; the new page decides.
    await clearToken();
    expect(await loadImage(`${IMAGE}?reloaded`)).toBe("failed");
    await setToken(TOKEN);
    expect(await loadImage(`${IMAGE}?re-sent`)).toBe("loaded");
  });

  it("a hard reload (which bypasses the worker) ends with the page controlled again", async () => {
    const cdp = await context.newCDPSession(page);
    const loaded = page.waitForEvent("load");
    await cdp.send("Page.reload", { ignoreCache: true });
    await loaded;
    await ready();
    expect(await controlled()).toBe(true);
    await setToken(TOKEN);
    expect(await loadImage(`${IMAGE}?after-hard-reload`)).toBe("loaded");
  });

  it("a worker the browser stopped asks the page again, and a cleared token stays cleared", async () => {
    const stopWorker = await workerStopper();
    await setToken(TOKEN);
    await stopWorker();
    expect(await loadImage(`${IMAGE}?restarted`)).toBe("loaded");
    await clearToken();
    await stopWorker();
    expect(await loadImage(`${IMAGE}?restarted-cleared`)).toBe("failed");
  });

  it("a logout in one tab clears the token in the others, so none can hand it back", async () => {
    const stopWorker = await workerStopper();
    const first = page;
    const second = await context.newPage();
    await second.goto(`${site.origin}/`);
    page = second;
    await ready();
    await setToken(TOKEN);
    page = first;
    await clearToken();
    await stopWorker();
    page = second;
    expect(await loadImage(`${IMAGE}?other-tab`)).toBe("failed");
    expect(seen(site, `${IMAGE}?other-tab`).map((r) => r.authorization)).toEqual([undefined]);
  });

  it("refuses what is not a JWT, in the helper and in the worker (which then forgets the old one)", async () => {
    await expect(setToken("not a token\r\nX-Evil: 1")).rejects.toThrow(/JWT/);
    await setToken(TOKEN);
    const ack = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const w = globalThis as unknown as InPage;
          const channel = new w.MessageChannel();
          channel.port1.onmessage = (e) => resolve(e.data);
          w.navigator.serviceWorker.controller?.postMessage(
            { type: "edge-gate:set-token", token: "a.b" },
            [channel.port2],
          );
        }),
    );
    expect(ack).toEqual({ type: "edge-gate:token-ack", ok: false });
    expect(await loadImage(`${IMAGE}?after-bad`)).toBe("failed");
  });
});

describe("where the token never goes", () => {
  beforeEach(() => setToken(TOKEN));

  it("not to another origin: images, fetches or navigations", async () => {
    expect(await loadImage(`${other.origin}/img.png`)).toBe("loaded");
    await page.evaluate(
      (o) => fetch(`${o}/data`, { mode: "no-cors" }).then(() => null),
      other.origin,
    );
    await addLink(`${other.origin}/page.html`);
    await Promise.all([page.waitForURL(`${other.origin}/page.html`), page.click("a")]);
    // (The browser may ask the other origin for /favicon.ico too.)
    expect(other.log.map((r) => r.url)).toEqual(
      expect.arrayContaining(["/img.png", "/data", "/page.html"]),
    );
    expect(other.log.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  it("not across a redirect: a file's redirect is followed without the token", async () => {
    // The worker cannot see where a redirect goes before following it, so it
    // asks again without the token; edge-gate never redirects a file.
    expect(await loadImage("/users/alice/moved.png")).toBe("failed");
    expect(seen(site, "/users/alice/moved.png").map((r) => r.authorization)).toEqual([
      BEARER,
      undefined,
    ]);
    expect(other.log).toEqual([]);
  });

  it("not across a navigation's redirect to another origin; a same-origin one keeps it", async () => {
    await page.goto(`${site.origin}/users/alice/away.html`);
    expect(page.url()).toBe(`${other.origin}/landing.html`);
    expect(seen(site, "/users/alice/away.html").map((r) => r.authorization)).toEqual([BEARER]);
    expect(other.log.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(seen(other, "/landing.html")).toHaveLength(1);

    await page.goto(`${site.origin}/users/alice/old.html`);
    expect(page.url()).toBe(`${site.origin}/users/alice/report.html`);
    expect(await page.textContent("h1")).toBe("alice's report");
    expect(seen(site, "/users/alice/report.html").map((r) => r.authorization)).toEqual([BEARER]);
  });

  it("not over an Authorization the request already carries", async () => {
    const status = await page.evaluate(
      (p) => fetch(p, { headers: { Authorization: "Bearer mine" } }).then((r) => r.status),
      `${IMAGE}?own`,
    );
    expect(status).toBe(401);
    expect(seen(site, `${IMAGE}?own`).map((r) => r.authorization)).toEqual(["Bearer mine"]);
  });

  it("not to the identity and auth routes", async () => {
    const paths = [
      `${IDENTITY_BASE_PATH}/session`,
      `${AUTH_BASE_PATH}/cookies`,
      `${AUTH_BASE_PATH}/x.png`,
    ];
    for (const p of paths) await page.evaluate((u) => fetch(u).then((r) => r.status), p);
    for (const p of paths) expect(seen(site, p).map((r) => r.authorization)).toEqual([undefined]);
  });

  it("not to other methods than GET and HEAD", async () => {
    const head = await page.evaluate(
      (p) => fetch(p, { method: "HEAD" }).then((r) => r.status),
      `${IMAGE}?head`,
    );
    expect(head).toBe(200);
    await page.evaluate(
      (p) => fetch(p, { method: "POST", body: "x" }).then((r) => r.status),
      `${IMAGE}?post`,
    );
    expect(seen(site, `${IMAGE}?post`).map((r) => r.authorization)).toEqual([undefined]);
  });
});
