// From a session id to a verdict: the cache first, the table on a miss, and
// the validity rules on every answer, cached or fresh. The look-up and the
// clock are injected, so this file holds the caching policy and no I/O.
import { sessionKey } from "../shared/session-record";
import type { SessionCheckerConfig } from "./config";
import { judgeSession, type CheckedSession, type SessionState } from "./decide";
import { LookupCache } from "./lookup-cache";
import type { LookUpSession } from "./session-lookup";

export type SessionVerdict =
  | { kind: "valid"; sub: string }
  /** No such session, or one that no longer lets its holder in: log in again. */
  | { kind: "denied"; reason: "unknown" | Exclude<SessionState, "valid"> }
  /** The table could not be asked: 503, never a pass and never a login redirect. */
  | { kind: "unavailable" };

export type CheckSession = (sessionId: string) => Promise<SessionVerdict>;

/** Milliseconds since the epoch, like Date.now. */
export type Clock = () => number;

type Cached = { kind: "found"; session: CheckedSession } | { kind: "not-found" };

const NOT_FOUND: Cached = { kind: "not-found" };
const UNKNOWN: SessionVerdict = { kind: "denied", reason: "unknown" };
const UNAVAILABLE: SessionVerdict = { kind: "unavailable" };

export function createSessionCheck(
  config: SessionCheckerConfig,
  lookUp: LookUpSession,
  now: Clock,
): CheckSession {
  const cache = new LookupCache<Cached>(config.cacheMaxEntries);
  const positiveMs = config.positiveCacheSeconds * 1000;
  const negativeMs = config.negativeCacheSeconds * 1000;
  const judge = (session: CheckedSession, nowMs: number) =>
    judgeSession(session, nowMs / 1000, config.idleTimeoutSeconds);

  return async (sessionId) => {
    // The table key is a digest of the id: the cache holds no usable cookie either.
    const key = sessionKey(sessionId);
    const nowMs = now();
    const cached = cache.get(key, nowMs);
    if (cached?.kind === "not-found") return UNKNOWN;
    if (cached?.kind === "found" && judge(cached.session, nowMs) === "valid") {
      return { kind: "valid", sub: cached.session.sub };
    }
    // A cached session that has now expired or gone idle is confirmed with
    // the table before its holder is turned away: the cached lastSeenAt may
    // be older than the table's (the session manager refreshes it).

    const outcome = await lookUp(key);
    if (outcome.kind === "unavailable") return UNAVAILABLE;
    if (outcome.kind === "not-found") {
      cache.set(key, NOT_FOUND, nowMs, negativeMs);
      return UNKNOWN;
    }
    const state = judge(outcome.session, nowMs);
    if (state !== "valid") {
      // Dead in the table too: remembered like an unknown id, so a browser
      // holding an expired cookie does not cost a GetItem per request.
      cache.set(key, NOT_FOUND, nowMs, negativeMs);
      return { kind: "denied", reason: state };
    }
    cache.set(key, { kind: "found", session: outcome.session }, nowMs, positiveMs);
    return { kind: "valid", sub: outcome.session.sub };
  };
}
