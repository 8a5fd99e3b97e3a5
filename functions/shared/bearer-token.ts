// Where a bearer token comes from (RFC 6750 section 2): the Authorization
// header, or, when enabled, one URI query parameter. Shared by the bearer-JWT
// gate and the cookie issuer. Pure: the caller hands in the raw header values
// and query values, so every ambiguity is decided here.

export type Credentials =
  /** No bearer credentials at all (a Basic header counts as none): plain 401 challenge. */
  | { kind: "none" }
  /** Exactly one token, syntactically a b64token (or left for the verifier to scan). */
  | { kind: "token"; token: string }
  /** Bearer credentials that cannot be a token: 401 invalid_token. */
  | { kind: "invalid"; reason: "malformed" | "too_large" }
  /** More than one credential or method (RFC 6750 3.1 invalid_request): 400. */
  | { kind: "ambiguous" };

/** Upper bound for an Authorization header or a token; anything longer is refused unparsed. */
export const MAX_CREDENTIAL_LENGTH = 8 * 1024;

// RFC 6750 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 11.1).
const BEARER_SCHEME = /^bearer(?: |$)/i;

const NONE: Credentials = { kind: "none" };
const AMBIGUOUS: Credentials = { kind: "ambiguous" };
const MALFORMED: Credentials = { kind: "invalid", reason: "malformed" };
const TOO_LARGE: Credentials = { kind: "invalid", reason: "too_large" };

function asToken(candidate: string | null, verifierScans: boolean): Credentials {
  // null (undecodable) or empty
  if (!candidate) return MALFORMED;
  if (candidate.length > MAX_CREDENTIAL_LENGTH) return TOO_LARGE;
  if (!verifierScans && !B64TOKEN.test(candidate)) return MALFORMED;
  return { kind: "token", token: candidate };
}

const isOws = (c: string) => c === " " || c === "\t";

/** Without leading and trailing spaces and tabs (a regex would rescan a long token). */
function trimOws(value: string): string {
  // Most values have neither: two character reads instead of a walk and a copy.
  if (value.length > 0 && !isOws(value[0]) && !isOws(value[value.length - 1])) return value;
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value[start])) start++;
  while (end > start && isOws(value[end - 1])) end--;
  return value.slice(start, end);
}

/** Credentials carried by one Authorization header value. */
function fromHeader(value: string, verifierScans: boolean): Credentials {
  if (value.length > MAX_CREDENTIAL_LENGTH) return TOO_LARGE;
  // Surrounding whitespace is not part of a field value (RFC 9110 5.5).
  const trimmed = trimOws(value);
  if (!BEARER_SCHEME.test(trimmed)) return NONE;
  return asToken(trimmed.slice("bearer".length).replace(/^ +/, ""), verifierScans);
}

/**
 * Decides which token a request carries.
 * @param authorization every Authorization header value, in order
 * @param queryValues every value of the token query parameter (null: undecodable);
 *   null when the query parameter is disabled
 * @param verifierScans the token goes to a verifier that refuses, as
 *   malformed, any token that is not a b64token, in its own scan of the
 *   token (VerifyToken.checksB64token): a second scan here would read every
 *   character again (about 1.3 µs for a 1 KB token), and the verifier skips
 *   its scan for a token it has already accepted
 */
export function extractCredentials(
  authorization: readonly string[],
  queryValues: readonly (string | null)[] | null,
  verifierScans = false,
): Credentials {
  if (authorization.length > 1) return AMBIGUOUS;
  if (queryValues !== null && queryValues.length > 1) return AMBIGUOUS;
  const header = authorization.length === 1 ? fromHeader(authorization[0], verifierScans) : NONE;
  const inQuery = queryValues !== null && queryValues.length === 1;
  if (header === TOO_LARGE) return header;
  if (header.kind !== "none") return inQuery ? AMBIGUOUS : header;
  return inQuery ? asToken(queryValues[0], verifierScans) : NONE;
}
