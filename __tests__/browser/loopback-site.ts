// Two tiny loopback HTTP servers for the browser helper's tests: a site that
// serves a page, the helper's files and protected files answering 401
// without the expected bearer token, and a second origin (another port) for
// what must never get the token. Each keeps a log of what it was sent.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

const BROWSER_DIR = path.resolve(__dirname, "../../browser");

/** A 1x1 transparent PNG: an <img> that gets it loads, one that gets a 401 fails. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export interface LoggedRequest {
  method: string;
  /** Path and query, as the server saw them. */
  url: string;
  authorization?: string;
  referer?: string;
  accept?: string;
  secFetchMode?: string;
}

export interface Served {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export type Route = (req: http.IncomingMessage, url: URL) => Served | undefined;

export class LoopbackServer {
  readonly log: LoggedRequest[] = [];
  private server?: http.Server;
  origin = "";

  constructor(private readonly route: Route) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.log.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization,
        referer: req.headers.referer,
        accept: req.headers.accept,
        secFetchMode: req.headers["sec-fetch-mode"] as string | undefined,
      });
      const url = new URL(req.url ?? "/", this.origin);
      const served = this.route(req, url) ?? { status: 404, type: "text/plain", body: "not found" };
      res.writeHead(served.status, {
        "content-type": served.type,
        "cache-control": "no-store",
        ...served.headers,
      });
      res.end(req.method === "HEAD" ? undefined : served.body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): LoggedRequest[] {
    return this.log.filter((r) => r.url.startsWith(prefix));
  }
}

/** One of the helper's files, read on each request (a missing one is a 404, not a hang). */
function js(file: string): Served {
  const full = path.join(BROWSER_DIR, file);
  if (!fs.existsSync(full)) return { status: 404, type: "text/plain", body: `no ${file}` };
  return { status: 200, type: "text/javascript", body: fs.readFileSync(full) };
}

/**
 * The page: loads app.js, which registers the worker, exposes the helper as
 * window.gate and says in body[data-ready] that it is ready, or why not.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>landing</title></head>
<body><h1>landing</h1><script type="module" src="/app.js"></script></body></html>`;

const APP = `try {
  const { registerBearerTokenWorker } = await import("/bearer-token-client.js");
  window.gate = await registerBearerTokenWorker("/bearer-token-worker.js");
  document.body.dataset.ready = "yes";
} catch (error) {
  document.body.dataset.ready = "error: " + error.message;
}
`;

/** Protected files that redirect, given the other origin. */
const REDIRECTS: Record<string, (other: string) => string> = {
  "/users/alice/moved.png": (other) => `${other}/elsewhere.png`,
  "/users/alice/away.html": (other) => `${other}/landing.html`,
  "/users/alice/old.html": () => "/users/alice/report.html",
};

/**
 * The site: `/` (the page), the helper's two files, and under /users/ files
 * that answer only `Authorization: Bearer <token>` (some with a redirect,
 * REDIRECTS), and send a page load without a token to /login; anything else
 * answers 200 "open".
 */
export function siteRoutes(token: string, elsewhere: () => string): Route {
  return (req, url) => {
    const p = url.pathname;
    if (p === "/") return { status: 200, type: "text/html", body: PAGE };
    if (p === "/app.js") return { status: 200, type: "text/javascript", body: APP };
    if (p === "/bearer-token-client.js") return js("bearer-token-client.js");
    if (p === "/bearer-token-worker.js") return js("bearer-token-worker.js");
    if (!p.startsWith("/users/")) return { status: 200, type: "text/plain", body: "open" };
    if (req.headers.authorization !== `Bearer ${token}`) {
      // As the edge does: a browser's page load without a token goes to the login page.
      if (!req.headers.authorization && req.headers["sec-fetch-mode"] === "navigate") {
        return { status: 307, type: "text/plain", body: "", headers: { location: "/login" } };
      }
      return {
        status: 401,
        type: "application/json",
        body: '{"error":"invalid_token"}',
        headers: { "www-authenticate": 'Bearer realm="test", error="invalid_token"' },
      };
    }
    const location = REDIRECTS[p]?.(elsewhere());
    if (location) return { status: 302, type: "text/plain", body: "", headers: { location } };
    if (p.endsWith(".png")) return { status: 200, type: "image/png", body: PNG };
    return {
      status: 200,
      type: "text/html",
      body: `<!doctype html><html><head><meta charset="utf-8"><title>report</title></head><body><h1>alice's report</h1></body></html>`,
    };
  };
}

/** The other origin: an image and a page, to anyone. */
export const otherRoutes: Route = (_req, url) =>
  url.pathname.endsWith(".png")
    ? { status: 200, type: "image/png", body: PNG }
    : { status: 200, type: "text/html", body: "<!doctype html><title>other</title><h1>other</h1>" };
