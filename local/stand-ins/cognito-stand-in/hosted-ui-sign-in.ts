// A browser's side of the Cognito stand-in's hosted UI, without a browser:
// follows the authorize redirect, fills in and submits the sign-in form (or
// cancels it) with the stand-in's own cookies kept, and returns the URL the
// stand-in sends the browser back to. Used by the tests that sign in over HTTP.
import { GENEROUS_TIMEOUT_MS } from "../timing";

/** Each page fetch: a safety net against a stuck stand-in, not a speed check. */
const HOP_TIMEOUT_MS = GENEROUS_TIMEOUT_MS;

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** The few cookie rules the stand-in's own cookies need: name, path, deletion. */
class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(url: URL, setCookieHeaders: string[]): void {
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = url.pathname.slice(0, Math.max(1, url.pathname.lastIndexOf("/")));
      let expired = false;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split("=");
        const attributeValue = rest.join("=");
        switch (key.toLowerCase()) {
          case "path":
            if (attributeValue.startsWith("/")) cookiePath = attributeValue;
            break;
          case "max-age":
            if (Number(attributeValue) <= 0) expired = true;
            break;
          case "expires":
            if (Date.parse(attributeValue) <= Date.now()) expired = true;
            break;
        }
      }
      const key = `${name};${cookiePath}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.cookies.values()]
      .filter(
        ({ path: p }) =>
          url.pathname === p ||
          (url.pathname.startsWith(p) && (p.endsWith("/") || url.pathname[p.length] === "/")),
      )
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length > 0
      ? matching.map(({ name, value }) => `${name}=${value}`).join("; ")
      : undefined;
  }
}

const MAX_HOPS = 20;

function formAction(html: string, name: "signin" | "cancel"): string | undefined {
  const form = new RegExp(`<form\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const action = form && /\baction="([^"]*)"/.exec(form)?.[1];
  return action?.replace(/&amp;/g, "&");
}

function pageText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}

/**
 * Follows the hosted-UI login from an authorize URL (as a browser would,
 * keeping the stand-in's own cookies) and returns the final redirect URL to
 * the client (callback URL with code & state, or with error). A fresh cookie
 * jar each call: every sign-in is a new browser.
 *
 * "cancel" presses Cancel on the sign-in page (the client gets
 * error=access_denied). When the stand-in does not send the browser back to
 * the client (a wrong password shows the sign-in page again), the URL
 * returned is that of the stand-in page the browser stayed on, with no code.
 * An error page from the stand-in (unknown client, unregistered
 * redirect_uri, ...) rejects with its text.
 */
export async function signInThroughHostedUi(
  authorizeUrl: string,
  user: { username: string; password: string } | "cancel",
): Promise<URL> {
  const standIn = new URL(authorizeUrl).origin;
  const jar = new CookieJar();
  let url = new URL(authorizeUrl);
  let form: URLSearchParams | undefined;
  let submitted = false;

  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const cookie = jar.header(url);
    const headers: Record<string, string> = {};
    if (cookie !== undefined) headers.cookie = cookie;
    if (form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, {
      method: form === undefined ? "GET" : "POST",
      headers,
      body: form?.toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(HOP_TIMEOUT_MS),
    });
    jar.store(url, response.headers.getSetCookie());

    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (location === null) throw new Error(`redirect without Location from ${url.pathname}`);
      const next = new URL(location, url);
      if (next.origin !== standIn) return next;
      url = next;
      form = undefined;
      continue;
    }

    const html = await response.text();
    if (response.status !== 200) {
      throw new Error(
        `hosted UI answered ${response.status} at ${url.pathname}: ${pageText(html)}`,
      );
    }
    if (submitted) return url;
    const action = formAction(html, user === "cancel" ? "cancel" : "signin");
    if (action === undefined) {
      throw new Error(`no sign-in form at ${url.pathname}: ${pageText(html)}`);
    }
    url = new URL(action, url);
    form =
      user === "cancel"
        ? new URLSearchParams()
        : new URLSearchParams({ username: user.username, password: user.password });
    submitted = true;
  }
  throw new Error(`hosted UI login did not finish within ${MAX_HOPS} requests`);
}
