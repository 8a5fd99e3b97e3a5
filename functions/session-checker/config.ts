// The session checker's runtime config: rendered into the function's
// config.json by stacks/protection/session-cookie.ts and read once, at cold
// start, by functions/session-checker/handler.ts. One type for both sides.
import type { PathRules } from "../shared/path-rules";

export interface SessionTableLocation {
  /** Table name (the same in every replica region). */
  name: string;
  /** Region of the table itself. */
  homeRegion: string;
  /** Regions holding a replica (global table); look-ups use the one the function runs in. */
  replicaRegions: string[];
  /**
   * Base URL of the DynamoDB endpoint, `{region}` standing for the region
   * looked up, e.g. `https://dynamodb.{region}.amazonaws.com`. A loopback
   * URL in tests and local runs.
   */
  endpoint: string;
}

export interface SessionCheckerConfig {
  /** Name of the session cookie the session manager sets. */
  cookieName: string;
  table: SessionTableLocation;
  /**
   * Bound (ms) on all the table calls of one request together (look-up,
   * confirmation at home, activity record), well under Lambda@Edge's 5 s:
   * a look-up not answered in time means 503.
   */
  lookupTimeoutMs: number;
  /** How long a found session is trusted without asking the table again (the longest a revoked session still passes). */
  positiveCacheSeconds: number;
  /** How long an unknown session id is remembered as unknown. */
  negativeCacheSeconds: number;
  /** Bound on cached look-ups per instance. */
  cacheMaxEntries: number;
  /** Seconds since the session's last sign of life after which it no longer passes; null: no idle timeout. */
  idleTimeoutSeconds: number | null;
  /**
   * A content request records the session's activity (lastSeenAt, in the
   * home table) when its lastSeenAt is at least this old: at most one write
   * per session and interval per instance. Shorter than the idle timeout;
   * null exactly when there is none.
   */
  activityIntervalSeconds: number | null;
  /** Where a browser without a session is sent: `<loginPath>?path=<original path and query>`. */
  loginPath: string;
  /**
   * Who reads what, as in every mode: public prefixes pass without a
   * session; a session passes where its user's folders and groups reach,
   * and gets 403 elsewhere.
   */
  rules: PathRules;
  /** Header that carries the session's `sub` to the origin; viewer-sent copies are removed. */
  identityHeader: string;
  /** Origins whose fetches may read the checker's own 401/503 answers (CORS); empty: none. */
  corsAllowedOrigins: string[];
}
