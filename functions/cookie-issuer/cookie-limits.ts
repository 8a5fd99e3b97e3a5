// What browsers and CloudFront will accept from one issue. Cookies beyond
// these limits are not refused loudly: a browser silently drops a cookie
// that is too large or evicts older ones past its per-domain count, and an
// oversized request is refused before CloudFront's signature check. A user
// would then hold half a cookie set and get 403s nobody can explain, so an
// issue that does not fit is refused as a whole, with a clear error.
import { MAX_LOGINS_IN_PROGRESS } from "../shared/hosted-ui/login-cookies";
import type { IssuedCookie } from "./cookie-sets";
import { cookiePathMatches } from "./readable-prefixes";

/**
 * RFC 6265 6.1: user agents keep at least 4096 bytes per cookie, measured
 * as name + value + attributes; the whole Set-Cookie value is measured here,
 * which is that sum plus separators, so the check errs on the safe side.
 */
export const MAX_COOKIE_BYTES = 4096;

/**
 * RFC 6265 6.1: at least 50 cookies per domain. The issuer can count only
 * its own: the sets, the issued-paths cookie, and a slot for each login
 * cookie that may be alive at the same time (one per login in progress, in
 * several tabs). Cookies of other applications on the same domain are
 * outside its view.
 */
export const MAX_COOKIES_PER_DOMAIN = 50;
const RESERVED_LOGIN_COOKIE_SLOTS = MAX_LOGINS_IN_PROGRESS;

/**
 * The Cookie header one request may carry: 8192 bytes, the common per-header
 * bound of servers and proxies (Apache's and nginx's default 8 KB buffers).
 * CloudFront allows 20,480 bytes for all headers of a request, and API
 * Gateway HTTP APIs 10,240 bytes for the request line and headers together,
 * which the /_auth requests (that also carry these cookies) must pass.
 */
export const MAX_COOKIE_HEADER_BYTES = 8192;

export type LimitCheck =
  | { ok: true }
  | {
      ok: false;
      limit: "cookies_per_domain" | "cookie_bytes" | "cookie_header_bytes";
      maximum: number;
      required: number;
    };

/** Checked before signing: the count needs no signature, and signing a hopeless issue is waste. */
export function checkCookieCount(sets: number, cookiesPerSet: number, ownCookies = 1): LimitCheck {
  const required = sets * cookiesPerSet + ownCookies + RESERVED_LOGIN_COOKIE_SLOTS;
  return required <= MAX_COOKIES_PER_DOMAIN
    ? { ok: true }
    : { ok: false, limit: "cookies_per_domain", maximum: MAX_COOKIES_PER_DOMAIN, required };
}

/** The Cookie header bytes a request for `requestPath` would carry of `cookies`. */
function cookieHeaderBytes(cookies: readonly IssuedCookie[], requestPath: string): number {
  const sent = cookies.filter((cookie) => cookiePathMatches(requestPath, cookie.path));
  if (sent.length === 0) return 0;
  // "name=value" pairs joined by "; " (RFC 6265 5.4).
  return (
    sent.reduce((sum, c) => sum + c.name.length + 1 + c.value.length, 0) + 2 * (sent.length - 1)
  );
}

/**
 * Every cookie within 4096 bytes, and, on a request for each of
 * `requestPaths` (the issued prefixes and the issuer's own routes), all the
 * cookies a browser would send within 8192 bytes.
 */
export function checkCookieSizes(
  cookies: readonly IssuedCookie[],
  requestPaths: readonly string[],
): LimitCheck {
  const largest = Math.max(...cookies.map((c) => Buffer.byteLength(c.header, "utf8")));
  if (largest > MAX_COOKIE_BYTES) {
    return { ok: false, limit: "cookie_bytes", maximum: MAX_COOKIE_BYTES, required: largest };
  }
  const header = Math.max(...requestPaths.map((path) => cookieHeaderBytes(cookies, path)));
  if (header > MAX_COOKIE_HEADER_BYTES) {
    return {
      ok: false,
      limit: "cookie_header_bytes",
      maximum: MAX_COOKIE_HEADER_BYTES,
      required: header,
    };
  }
  return { ok: true };
}
