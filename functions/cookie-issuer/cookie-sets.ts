// One CloudFront cookie set per prefix, as Set-Cookie lines: the policy
// names the prefix as its Resource and the cookies carry it as their Path,
// so a browser sends each set exactly where its policy opens doors.
import { clearCookie, setCookie } from "../shared/cookies";
import { customPolicy, signPolicyCookies, type CookieSigner } from "./signing";

/** Every cookie name a set may use, in the order they are set. */
export const SET_COOKIE_NAMES = [
  "CloudFront-Policy",
  "CloudFront-Signature",
  "CloudFront-Key-Pair-Id",
  "CloudFront-Hash-Algorithm",
] as const;

/** One cookie of a response, kept structured so its size and reach can be checked. */
export interface IssuedCookie {
  name: string;
  value: string;
  /** The Path attribute. */
  path: string;
  /** The whole Set-Cookie value. */
  header: string;
}

/**
 * The policy Resource for a prefix: a folder opens everything below it
 * ("*" also matches any query string); an exact path opens only that URL,
 * without a query string.
 */
export function resourceFor(siteOrigin: string, prefix: string): string {
  return prefix.endsWith("/") ? `${siteOrigin}${prefix}*` : `${siteOrigin}${prefix}`;
}

/** How many cookies one set holds under `hashAlgorithm`. */
export function cookiesPerSet(hashAlgorithm: CookieSigner["hashAlgorithm"]): number {
  return hashAlgorithm === "SHA256" ? 4 : 3;
}

/**
 * The signed cookie set for `prefix`, valid until `expiresAt` (epoch
 * seconds). Max-Age is the policy's own lifetime: the browser then drops a
 * set the moment CloudFront would refuse it, instead of sending dead cookies
 * along with every request.
 */
export function signCookieSet(
  prefix: string,
  expiresAt: number,
  lifetimeSeconds: number,
  signer: CookieSigner,
): IssuedCookie[] {
  const signed = signPolicyCookies(
    customPolicy(resourceFor(signer.siteOrigin, prefix), expiresAt),
    signer,
  );
  const attributes = {
    path: prefix,
    maxAge: lifetimeSeconds,
    domain: signer.cookieDomain ?? undefined,
  };
  const cookies: IssuedCookie[] = [];
  for (const name of SET_COOKIE_NAMES) {
    const value = signed[name];
    if (value === undefined) continue;
    cookies.push({
      name,
      value: String(value),
      path: prefix,
      header: setCookie(name, String(value), attributes),
    });
  }
  return cookies;
}

/** Set-Cookie lines removing every cookie a set at `prefix` may hold. */
export function expireCookieSet(prefix: string, cookieDomain: string | null): string[] {
  return SET_COOKIE_NAMES.map((name) =>
    clearCookie(name, { path: prefix, domain: cookieDomain ?? undefined }),
  );
}

/**
 * A SHA1 set has no CloudFront-Hash-Algorithm cookie, but one left at the
 * same path by an earlier SHA256 issue would make CloudFront check the new
 * SHA1 signature as SHA256 and refuse it: it is removed alongside.
 */
export function staleHashAlgorithmCookie(prefix: string, signer: CookieSigner): string[] {
  return signer.hashAlgorithm === "SHA1"
    ? [
        clearCookie("CloudFront-Hash-Algorithm", {
          path: prefix,
          domain: signer.cookieDomain ?? undefined,
        }),
      ]
    : [];
}
