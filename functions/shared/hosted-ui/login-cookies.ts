// The login cookies of one browser: one per login in progress, named after
// an id derived from the login's OAuth state, so that logins started in
// several tabs each come back to their own cookie and record, in whatever
// order the callbacks arrive. A browser keeps a limited number of cookies
// and servers a limited Cookie header, so only the newest few are kept.
import { createHash } from "node:crypto";
import { parseCookie } from "cookie";

/** Logins one browser may have in progress; starting another drops the oldest beyond this. */
export const MAX_LOGINS_IN_PROGRESS = 5;
/**
 * What all login cookies together may add to a request's Cookie header
 * (`name=value; ` each). API Gateway refuses a request whose headers pass
 * 10,240 bytes; sealed login cookies with long return paths are ~3 KB each.
 */
export const MAX_LOGIN_COOKIE_BYTES = 4096;
/** Login cookies looked at in one request: more can only be forged, and are ignored. */
const MAX_HELD = 32;
/** Longest state worth deriving a name from (ours are 43 characters). */
const MAX_STATE_LENGTH = 512;

const ID_LENGTH = 16;
const ID = /^[A-Za-z0-9_-]{16}$/;
/** "<issued at, base-36 epoch milliseconds>.<the store's value>" */
const VALUE = /^([0-9a-z]{1,11})\.([A-Za-z0-9_.~-]{1,3072})$/;

/**
 * The id naming the cookie of the login whose state is `state`: 96 bits of
 * its SHA-256, so a callback can name its own cookie and no other.
 */
export function loginCookieId(state: string): string {
  return createHash("sha256")
    .update(`edge-gate login cookie\n${state}`)
    .digest("base64url")
    .slice(0, ID_LENGTH);
}

/** `<prefix>-<id>` for the login whose state is `state`; null for a state no login has. */
export function loginCookieName(prefix: string, state: string): string | null {
  if (state.length === 0 || state.length > MAX_STATE_LENGTH) return null;
  return `${prefix}-${loginCookieId(state)}`;
}

/** The cookie's value: when it was issued (to find the oldest), then what the store returned. */
export function loginCookieValue(issuedAtMs: number, storeValue: string): string {
  return `${Math.max(0, Math.floor(issuedAtMs)).toString(36)}.${storeValue}`;
}

export interface LoginCookieValue {
  /** Epoch milliseconds. */
  issuedAt: number;
  storeValue: string;
}

/** A login cookie's value read back; null when it is not one this code sets. */
export function parseLoginCookieValue(value: string): LoginCookieValue | null {
  const match = VALUE.exec(value);
  return match === null ? null : { issuedAt: parseInt(match[1], 36), storeValue: match[2] };
}

export interface HeldLoginCookie {
  name: string;
  /** Epoch milliseconds; null when the value is not one this code sets. */
  issuedAt: number | null;
  /** What it adds to the Cookie header. */
  bytes: number;
}

/** The login cookies (`<prefix>-<id>`) in a request's Cookie headers, first occurrence of each. */
export function heldLoginCookies(
  cookieHeaders: readonly string[],
  prefix: string,
): HeldLoginCookie[] {
  const held = new Map<string, HeldLoginCookie>();
  for (const header of cookieHeaders) {
    const cookies = parseCookie(header, { decode: (v) => v });
    for (const [name, value] of Object.entries(cookies)) {
      if (held.size === MAX_HELD) return [...held.values()];
      if (held.has(name) || value === undefined || !name.startsWith(`${prefix}-`)) continue;
      if (!ID.test(name.slice(prefix.length + 1))) continue;
      const issuedAt = parseLoginCookieValue(value)?.issuedAt ?? null;
      held.set(name, { name, issuedAt, bytes: name.length + value.length + 3 });
    }
  }
  return [...held.values()];
}

/**
 * Which held login cookies a new login of `newBytes` replaces: newest first,
 * the held ones are kept while they and the new one stay within
 * MAX_LOGINS_IN_PROGRESS cookies and MAX_LOGIN_COOKIE_BYTES; the first that
 * does not fit, every older one, and any unreadable or expired one go. Their
 * callbacks then find no login and show a page offering a fresh one.
 */
export function loginCookiesToDrop(
  held: readonly HeldLoginCookie[],
  newBytes: number,
  nowMs: number,
  ttlSeconds: number,
): string[] {
  const alive = held
    .filter((c): c is HeldLoginCookie & { issuedAt: number } => c.issuedAt !== null)
    .filter((c) => c.issuedAt + ttlSeconds * 1000 > nowMs)
    .sort((a, b) => b.issuedAt - a.issuedAt || a.name.localeCompare(b.name));
  const kept = new Set<string>();
  let bytes = newBytes;
  for (const cookie of alive) {
    if (kept.size + 1 >= MAX_LOGINS_IN_PROGRESS) break;
    if (bytes + cookie.bytes > MAX_LOGIN_COOKIE_BYTES) break;
    kept.add(cookie.name);
    bytes += cookie.bytes;
  }
  return held.filter((c) => !kept.has(c.name)).map((c) => c.name);
}
