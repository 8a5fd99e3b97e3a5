// Which prefixes this browser holds cookie sets for. Logout (which needs no
// token) and a later issue (which replaces the sets) must expire sets whose
// paths they cannot know otherwise: a browser never tells which Path a
// cookie was set with. So every issue also sets this small cookie, visible
// only to the issuer's own routes. It is not a credential: forging it can
// only make this browser expire cookies at other paths of its own.
import { clearCookie, readAllCookies, setCookie } from "../shared/cookies";
import type { IssuedCookie } from "./cookie-sets";
import { isSafePrefix } from "./readable-prefixes";

/**
 * __Secure- rather than __Host-: browsers accept __Host- cookies only with
 * Path=/, and this one is scoped to the issuer's base path. It carries no
 * Domain, so it stays host-only either way.
 */
export const ISSUED_PATHS_COOKIE = "__Secure-edge-gate-paths";

/** More than the cookie limits let one issue hold; bounds what a forged value can ask for. */
const MAX_REMEMBERED = 32;

export function issuedPathsCookie(
  prefixes: readonly string[],
  basePath: string,
  lifetimeSeconds: number,
): IssuedCookie {
  // base64url of JSON: cookie-safe, and no separator can be confused with a path.
  const value = Buffer.from(JSON.stringify(prefixes), "utf8").toString("base64url");
  return {
    name: ISSUED_PATHS_COOKIE,
    value,
    path: basePath,
    header: setCookie(ISSUED_PATHS_COOKIE, value, { path: basePath, maxAge: lifetimeSeconds }),
  };
}

export function clearIssuedPathsCookie(basePath: string): string {
  return clearCookie(ISSUED_PATHS_COOKIE, { path: basePath });
}

/** The prefixes one cookie value lists; only well-formed safe prefixes. */
function prefixesIn(value: string): string[] {
  if (!/^[A-Za-z0-9_-]{1,8192}$/.test(value)) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return Array.isArray(parsed) ? parsed.filter(isSafePrefix) : [];
  } catch {
    return [];
  }
}

/**
 * The prefixes the browser's cookies list, at most 32. Several copies (one
 * tossed in from a related domain) are merged rather than one chosen: the
 * list only says which of this browser's own cookies to expire, so reading
 * more can expire more, never open anything.
 */
export function readIssuedPaths(cookieHeaders: readonly string[]): string[] {
  const values = readAllCookies(cookieHeaders, ISSUED_PATHS_COOKIE);
  return [...new Set(values.flatMap(prefixesIn))].slice(0, MAX_REMEMBERED);
}
