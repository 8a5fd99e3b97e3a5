// Which path prefixes a user gets a CloudFront cookie set for. Each prefix
// becomes a policy Resource and a cookie Path, so only names that mean the
// same thing to a browser, to CloudFront's wildcard matcher, to JSON and to
// a URL parser may ever reach one; anything else is refused, not escaped.
import type { Claims } from "../shared/access-token-verifier";
import { SUB_PLACEHOLDER, fillSubTemplate } from "../shared/sub-template";
import type { CookieIssuerConfig } from "./config";

/**
 * The conservative safe set for a `sub`, a group name and every prefix
 * segment: ASCII letters, digits, "-", "_" and "." (never first, never ".."),
 * at most 128 characters. All are unreserved in URLs (RFC 3986 2.3), so a
 * path made of them needs no percent-encoding and CloudFront compares it
 * byte for byte; none is a policy wildcard ("*", "?"), none needs escaping
 * in the policy JSON ('"', "\"), none ends or splits a cookie attribute
 * (";", ",", whitespace, controls) and none can form a separator or a dot
 * segment ("/", "%2F", "..").
 */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
/** A policy Resource, a cookie Path and a Set-Cookie line all carry the prefix: keep it short. */
const MAX_PREFIX_LENGTH = 1024;

export function isSafeName(value: unknown): value is string {
  return typeof value === "string" && SAFE_NAME.test(value) && !value.includes("..");
}

/** Segments of a "/a/b/" folder or "/a/b" exact path; null when it is neither. */
function segmentsOf(value: unknown): string[] | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > MAX_PREFIX_LENGTH) {
    return null;
  }
  const segments = value.slice(1).split("/");
  if (value.endsWith("/")) segments.pop();
  return segments;
}

/** A folder ("/a/b/", or "/" for the whole site) or an exact path ("/a/b.pdf") of safe segments. */
export function isSafePrefix(value: unknown): value is string {
  const segments = segmentsOf(value);
  return segments !== null && segments.every(isSafeName);
}

/** A prefix with "{sub}" as at least one whole segment and only safe segments besides. */
export function isUserTemplate(value: unknown): value is string {
  const segments = segmentsOf(value);
  return (
    segments !== null &&
    segments.includes(SUB_PLACEHOLDER) &&
    segments.every((s) => s === SUB_PLACEHOLDER || isSafeName(s))
  );
}

export type GrantedPrefixes =
  /** Every prefix the user may read, in rule order (duplicates and nesting left in). */
  | { ok: true; prefixes: string[] }
  /** The sub could name a path outside its own folder: nothing is granted at all. */
  | { ok: false; reason: "unsafe_sub" };

/**
 * The prefixes `claims` may read under `rules`: each user template filled
 * with the sub, and each group rule whose group the user is in. A group
 * name outside the safe set grants nothing (configured group names are all
 * safe, so it could never have matched one) while the user's other prefixes
 * stand; an unsafe sub refuses the whole request, since every template
 * would place it in a path.
 */
export function grantedPrefixes(
  claims: Claims,
  rules: CookieIssuerConfig["rules"],
): GrantedPrefixes {
  if (!isSafeName(claims.sub)) return { ok: false, reason: "unsafe_sub" };
  const groups = claims.groups.filter(isSafeName);
  return {
    ok: true,
    prefixes: [
      ...rules.userPrefixes.map((template) => fillSubTemplate(template, claims.sub)),
      ...rules.groupPrefixes.filter((r) => groups.includes(r.group)).map((r) => r.prefix),
    ],
  };
}

/** Whether folder or exact path `outer` already covers every URL `inner` covers. */
function covers(outer: string, inner: string): boolean {
  return outer === inner || (outer.endsWith("/") && inner.startsWith(outer));
}

/**
 * One prefix per cookie set: duplicates and prefixes nested in another
 * granted folder are dropped (the outer set's policy already opens them, and
 * a request there would otherwise carry two sets). Sorted for stable output.
 */
export function outermostPrefixes(prefixes: readonly string[]): string[] {
  const unique = [...new Set(prefixes)].sort();
  return unique.filter((inner) => !unique.some((outer) => outer !== inner && covers(outer, inner)));
}

/**
 * RFC 6265 5.1.4 path-match: whether a browser sends a cookie with Path
 * `cookiePath` on a request for `requestPath`. An exact-path cookie
 * ("/a/b") also rides on requests below it ("/a/b/c").
 */
export function cookiePathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/**
 * Two remaining prefixes whose cookie sets a browser would both send on one
 * request (an exact path "/a/b" beside a folder "/a/b/..." that it does not
 * cover), or null. CloudFront would then see two CloudFront-Policy cookies
 * and which one it judges is not specified, so such sets are never issued.
 */
export function overlappingPrefixes(prefixes: readonly string[]): [string, string] | null {
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a !== b && cookiePathMatches(b, a)) return [a, b];
    }
  }
  return null;
}
