// A browser's view of a local run over HTTP, for whole-login tests: requests
// with manual redirects, followed while they stay on the site, and a cookie
// jar with the rules edge-gate's cookies rely on (Path, Max-Age, Expires;
// Secure and __Host- cookies are kept, as browsers keep them for
// http://127.0.0.1, a secure context). The hosted-UI part of a login is
// driven by signInThroughHostedUi (local/stand-ins/cognito-stand-in).
// node:http rather than fetch: fetch always sends Sec-Fetch-Mode: cors, and
// the edge rightly answers that as a program, never as a navigation.
import * as http from "node:http";
import { signInThroughHostedUi } from "../../../local/stand-ins/cognito-stand-in";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  url: URL;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET, as sent: no header added but Host and Connection. */
function get(url: URL, headers: Record<string, string>): Promise<Omit<Page, "url">> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, timeout: GENEROUS_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer from ${url.pathname}`)));
    request.on("error", reject);
  });
}

const MAX_HOPS = 10;

export class HttpBrowser {
  private readonly cookies = new Map<string, Cookie>();

  constructor(readonly site: string) {}

  /** The cookies sent to `url`, as name=value pairs (longest path first). */
  cookiesFor(url: URL): string[] {
    return [...this.cookies.values()]
      .filter(
        ({ path }) =>
          url.pathname === path ||
          (url.pathname.startsWith(path) &&
            (path.endsWith("/") || url.pathname[path.length] === "/")),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map(({ name, value }) => `${name}=${value}`);
  }

  /** Names of the cookies held now. */
  cookieNames(): string[] {
    return [...new Set([...this.cookies.values()].map((c) => c.name))];
  }

  store(url: URL, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      let path = url.pathname.slice(0, Math.max(1, url.pathname.lastIndexOf("/")));
      let expired = false;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split("=");
        const value = rest.join("=");
        const name = key.toLowerCase();
        if (name === "path" && value.startsWith("/")) path = value;
        if (name === "max-age" && Number(value) <= 0) expired = true;
        if (name === "expires" && Date.parse(value) <= Date.now()) expired = true;
      }
      const key = `${pair.slice(0, eq)};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name: pair.slice(0, eq), value: pair.slice(eq + 1), path });
    }
  }

  /**
   * One request with this browser's cookies; redirects on the site are
   * followed (GET), the first one elsewhere is returned as it came.
   */
  async open(target: string, init: { headers?: Record<string, string> } = {}): Promise<Page> {
    let url = new URL(target, this.site);
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const headers: Record<string, string> = { ...init.headers };
      const cookies = this.cookiesFor(url);
      if (cookies.length > 0) headers.cookie = cookies.join("; ");
      const answer = await get(url, headers);
      this.store(url, answer.headers["set-cookie"] ?? []);
      const location = answer.headers.location;
      if (answer.status >= 300 && answer.status < 400 && location !== undefined) {
        const next = new URL(location, url);
        if (next.origin !== new URL(this.site).origin) return { ...answer, url: next };
        url = next;
        continue;
      }
      return { ...answer, url };
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${target}`);
  }

  /** A page as a browser navigates to it (fetch() itself would say Sec-Fetch-Mode: cors). */
  navigate(target: string): Promise<Page> {
    return this.open(target, {
      headers: { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" },
    });
  }

  /**
   * Signs `user` in on the hosted UI the site sent the browser to, then
   * follows the callback on the site: the page the login ends on.
   */
  async signIn(authorizeUrl: URL, user: { username: string; password: string }): Promise<Page> {
    const callback = await signInThroughHostedUi(authorizeUrl.toString(), user);
    if (callback.origin !== new URL(this.site).origin) {
      throw new Error(`the hosted UI sent the browser to ${callback.origin}, not the site`);
    }
    return this.navigate(callback.toString());
  }
}
