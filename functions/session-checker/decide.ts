// The session checker's decisions, pure so that every rule can be tested
// without a table or an event: whether a session read from the table (or the
// cache) still lets its holder in, and where a browser logs in. Which paths a
// session opens is the path rules' decision (shared/path-rules.ts), the same
// in every mode; which cookie is a session, credentials.ts's.

/** What the checker reads of a session item (CHECKED_ATTRIBUTES). Times are epoch seconds. */
export interface CheckedSession {
  sub: string;
  /** The user's Cognito groups when they logged in (`cognito:groups` of the verified ID token). */
  groups: readonly string[];
  expiresAt: number;
  lastSeenAt: number;
}

/** `valid` lets the request through; anything else needs a (new) login. */
export type SessionState = "valid" | "expired" | "idle" | "bad-sub";

/** Longest `sub` passed on, as in the bearer function (Cognito's are 36-character UUIDs). */
const MAX_SUB_LENGTH = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether `session` still lets its holder in at `nowSeconds`. Checked on
 * every request, cached or not: DynamoDB's TTL deletes expired items late,
 * and a cached session must expire on time too. The sub becomes a request
 * header, so it must be present and header-safe (the bearer function's rule).
 */
export function judgeSession(
  session: CheckedSession,
  nowSeconds: number,
  idleTimeoutSeconds: number | null,
): SessionState {
  const { sub } = session;
  if (sub.length === 0 || sub.length > MAX_SUB_LENGTH || CONTROL.test(sub)) return "bad-sub";
  if (!(session.expiresAt > nowSeconds)) return "expired";
  if (idleTimeoutSeconds !== null && !(nowSeconds - session.lastSeenAt < idleTimeoutSeconds)) {
    return "idle";
  }
  return "valid";
}

/**
 * `<loginPath>?path=<uri and query, percent-encoded>`: the session manager
 * sends the browser back there after login. `uri` is the normalized,
 * re-encoded path (what the origin would have been asked for), so the
 * return target is a same-site path whatever the viewer sent.
 */
export function loginLocation(loginPath: string, uri: string, querystring: string): string {
  const target = querystring === "" ? uri : `${uri}?${querystring}`;
  try {
    return `${loginPath}?path=${encodeURIComponent(target)}`;
  } catch {
    // A lone surrogate in the query (only a forged event carries one): keep the path.
    return `${loginPath}?path=${encodeURIComponent(uri)}`;
  }
}
