// Which session credential a viewer request carries: none, exactly one
// session id, or an ambiguous mix that is refused rather than resolved. Pure,
// so the rule is tested without an event.
import { readOnlyCookie } from "../shared/cookies";
import { OPAQUE_ID_PATTERN } from "../shared/session-record";

export type SessionCredential =
  /** No session cookie, or one that is not the shape of an id: log in. */
  | { kind: "none" }
  | { kind: "session"; sessionId: string }
  /** Two session cookies, or a session cookie beside another credential: 400. */
  | { kind: "ambiguous" };

/** The cookies of signed-cookie mode, which this mode never sets (compared case-insensitively). */
const SIGNED_COOKIE_NAMES = [
  "cloudfront-policy",
  "cloudfront-signature",
  "cloudfront-key-pair-id",
  "cloudfront-expires",
];

function carriesSignedCookies(cookieHeaders: readonly string[]): boolean {
  return cookieHeaders.some((header) =>
    header.split(";").some((pair) => {
      const eq = pair.indexOf("=");
      return eq !== -1 && SIGNED_COOKIE_NAMES.includes(pair.slice(0, eq).trim().toLowerCase());
    }),
  );
}

/**
 * The session credential of a request, from every Cookie and Authorization
 * header value it carries.
 * - Two or more session cookies, equal or not, in one header or several:
 *   ambiguous. A browser keeps one `__Host-` cookie per name and host, so a
 *   second copy was tossed in from a related domain (or the request is
 *   forged); taking the first, or either, lets an attacker choose the session.
 * - A session cookie beside an Authorization header or CloudFront signed
 *   cookies: ambiguous. This mode issues neither, so who is asking is in doubt.
 * Without a session cookie, other credentials are simply not a session.
 */
export function sessionCredentialOf(
  cookieHeaders: readonly string[],
  authorizationHeaders: readonly string[],
  cookieName: string,
): SessionCredential {
  const cookie = readOnlyCookie(cookieHeaders, cookieName);
  if (cookie.kind === "none") return { kind: "none" };
  if (cookie.kind === "many") return { kind: "ambiguous" };
  if (authorizationHeaders.length > 0 || carriesSignedCookies(cookieHeaders)) {
    return { kind: "ambiguous" };
  }
  return OPAQUE_ID_PATTERN.test(cookie.value)
    ? { kind: "session", sessionId: cookie.value }
    : { kind: "none" };
}
