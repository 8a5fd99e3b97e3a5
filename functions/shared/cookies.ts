// Cookies for the login flows and the session checker: Cookie headers read
// here by RFC 6265's rules (a credential must come exactly once, which no
// parser that keeps one value per name can tell), Set-Cookie lines written
// by the `cookie` package. Every cookie edge-gate sets is HttpOnly, Secure and
// SameSite: scripts never read them and they never travel over plain HTTP.
import { stringifySetCookie } from "cookie";

/** How many `name` cookies a request carries: a credential must come exactly once. */
export type CookieCount = { kind: "none" } | { kind: "one"; value: string } | { kind: "many" };

const isWsp = (c: string) => c === " " || c === "\t";

/** Without leading and trailing spaces and tabs: RFC 6265 trims nothing else. */
function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text[start])) start++;
  while (end > start && isWsp(text[end - 1])) end--;
  return text.slice(start, end);
}

/**
 * Cookie `name` when the request carries it exactly once, over every Cookie
 * header, names compared exactly after trimming spaces and tabs. A browser holds one
 * `__Host-` cookie per name and host, so a second copy (whatever its value)
 * was tossed in from a related domain or forged: "many", and the caller
 * refuses rather than pick one. Use this for credentials.
 */
export function readOnlyCookie(cookieHeaders: readonly string[], name: string): CookieCount {
  const values = readAllCookies(cookieHeaders, name);
  if (values.length === 0) return { kind: "none" };
  return values.length === 1 ? { kind: "one", value: values[0] } : { kind: "many" };
}

/**
 * Every value of cookie `name`, in the order sent: for ending every session
 * a request presents (logout), never for choosing one of them.
 */
export function readAllCookies(cookieHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (const header of cookieHeaders) {
    for (const pair of header.split(";")) {
      const eq = pair.indexOf("=");
      // A pair without "=" is a nameless cookie: never the one named `name`.
      if (eq === -1 || trimWsp(pair.slice(0, eq)) !== name) continue;
      values.push(trimWsp(pair.slice(eq + 1)));
    }
  }
  return values;
}

/**
 * The Cookie header values with every `name` cookie removed (others kept
 * byte for byte); an empty list when nothing else is left.
 */
export function withoutCookie(cookieHeaders: readonly string[], name: string): string[] {
  const kept: string[] = [];
  for (const header of cookieHeaders) {
    const pairs = header
      .split(";")
      .map((pair) => pair.trim())
      .filter((pair) => pair !== "" && cookieName(pair) !== name);
    if (pairs.length > 0) kept.push(pairs.join("; "));
  }
  return kept;
}

function cookieName(pair: string): string {
  const eq = pair.indexOf("=");
  return (eq === -1 ? pair : pair.slice(0, eq)).trim();
}

export interface CookieAttributes {
  /** Default "/". */
  path?: string;
  /** Seconds; the cookie ends with the browser session when left out. */
  maxAge?: number;
  /** Default "lax": sent on top-level navigations back from the hosted UI. */
  sameSite?: "lax" | "strict";
  /** Only when a cookie must reach sibling hosts; never for __Host- cookies. */
  domain?: string;
}

/** `Set-Cookie` for `name=value`, always HttpOnly and Secure. */
export function setCookie(name: string, value: string, attributes: CookieAttributes = {}): string {
  return stringifySetCookie(
    {
      name,
      value,
      path: attributes.path ?? "/",
      maxAge: attributes.maxAge,
      domain: attributes.domain,
      httpOnly: true,
      secure: true,
      sameSite: attributes.sameSite ?? "lax",
    },
    { encode: (v) => v },
  );
}

/** `Set-Cookie` that removes cookie `name` (same path and domain it was set with). */
export function clearCookie(
  name: string,
  attributes: Omit<CookieAttributes, "maxAge"> = {},
): string {
  return stringifySetCookie(
    {
      name,
      value: "",
      path: attributes.path ?? "/",
      domain: attributes.domain,
      maxAge: 0,
      expires: new Date(0),
      httpOnly: true,
      secure: true,
      sameSite: attributes.sameSite ?? "lax",
    },
    { encode: (v) => v },
  );
}
