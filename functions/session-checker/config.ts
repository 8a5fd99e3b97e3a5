// The session checker's runtime config: rendered into the function's
// config.json by stacks/protection/session-cookie.ts and read once, at cold
// start, by functions/session-checker/handler.ts. One type for both sides.

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
  /** Bound on one GetItem (ms), well under Lambda@Edge's 5 s: slower means 503. */
  lookupTimeoutMs: number;
  /** How long a found session is trusted without asking the table again (the longest a revoked session still passes). */
  positiveCacheSeconds: number;
  /** How long an unknown session id is remembered as unknown. */
  negativeCacheSeconds: number;
  /** Bound on cached look-ups per instance. */
  cacheMaxEntries: number;
  /** Seconds since the session's last sign of life after which it no longer passes; null: no idle timeout. */
  idleTimeoutSeconds: number | null;
  /** Where a browser without a session is sent: `<loginPath>?path=<original path and query>`. */
  loginPath: string;
  /** Readable without a session (landing page, /favicon.ico); a prefix ending in "/" is a folder. */
  publicPrefixes: string[];
  /** Header that carries the session's `sub` to the origin; viewer-sent copies are removed. */
  identityHeader: string;
  /** Origins whose fetches may read the checker's own 401/503 answers (CORS); empty: none. */
  corsAllowedOrigins: string[];
}
