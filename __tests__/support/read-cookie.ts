// The `cookie` package's reading of a cookie, for tests to hold edge-gate's
// own readers to: an independent parser, first occurrence winning.
import { parseCookie } from "cookie";

/**
 * The value of cookie `name` from a list of Cookie header values, first
 * occurrence winning as RFC 6265 5.4 orders them, taken as sent (no
 * percent-decoding).
 */
export function readCookie(cookieHeaders: readonly string[], name: string): string | undefined {
  for (const header of cookieHeaders) {
    const value = parseCookie(header, { decode: (v) => v })[name];
    if (value !== undefined) return value;
  }
  return undefined;
}
