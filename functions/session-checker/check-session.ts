// From a session id to a verdict: the cache first, the table on a miss
// (confirmed at home when a replica's answer may be replication lag), the
// validity rules on every answer, cached or fresh, and the request recorded
// as the session's sign of life once an activity interval has passed. The
// table calls and the clock are injected, so this file holds the caching and
// activity policy and no I/O.
import { sessionKey } from "../shared/session-record";
import { activityDue } from "./activity";
import type { SessionCheckerConfig } from "./config";
import { judgeSession, type CheckedSession, type SessionState } from "./decide";
import { LookupCache } from "./lookup-cache";
import { needsHomeConfirm } from "./replica-lag";
import type { RequestCalls, SessionTable } from "./session-lookup";

export type SessionVerdict =
  /** `groups`: what the session manager recorded at login, for the path rules. */
  | { kind: "valid"; sub: string; groups: readonly string[] }
  /** No such session, or one that no longer lets its holder in: log in again. */
  | { kind: "denied"; reason: "unknown" | Exclude<SessionState, "valid"> }
  /** The table could not be asked: 503, never a pass and never a login redirect. */
  | { kind: "unavailable" };

export type CheckSession = (sessionId: string) => Promise<SessionVerdict>;

/** Milliseconds since the epoch, like Date.now. */
export type Clock = () => number;

const UNKNOWN: SessionVerdict = { kind: "denied", reason: "unknown" };
const UNAVAILABLE: SessionVerdict = { kind: "unavailable" };

/**
 * The look-up cache's byte budget. A session is as large as its groups make
 * it, up to the 64 KB cap on a table answer, so the entry bound alone would
 * let 10,000 entries hold several times the function's 128 MB. Sessions of
 * a few groups (500 to 700 bytes each) meet the entry bound first.
 */
export const SESSION_CACHE_BYTES = 32 * 1024 * 1024;

/** A cached session's strings: its sub and each group (with 32 bytes of array slot and header). */
function sessionBytes(session: CheckedSession): number {
  let bytes = session.sub.length;
  for (const group of session.groups) bytes += 32 + group.length;
  return bytes;
}

export function createSessionCheck(
  config: SessionCheckerConfig,
  table: SessionTable,
  now: Clock,
): CheckSession {
  const sessions = new LookupCache<CheckedSession>(
    config.cacheMaxEntries,
    SESSION_CACHE_BYTES,
    sessionBytes,
  );
  // Ids the table does not know, or holds dead, remembered apart: a flood of
  // made-up ids, each a miss that costs its sender a GetItem anyway, never
  // pushes a signed-in session out of the cache above.
  const unknown = new LookupCache<true>(config.cacheMaxEntries);
  // Sessions whose activity this instance recorded (or tried to) within the
  // interval: at most one write per session and interval, even when the
  // write failed or nothing is cached (positiveCacheSeconds 0).
  const recorded = new LookupCache<true>(config.cacheMaxEntries);
  const positiveMs = config.positiveCacheSeconds * 1000;
  const negativeMs = config.negativeCacheSeconds * 1000;
  const intervalMs = (config.activityIntervalSeconds ?? 0) * 1000;
  const idle = config.idleTimeoutSeconds;
  const judge = (session: CheckedSession, nowMs: number) =>
    judgeSession(session, nowMs / 1000, idle);

  /** The session behind `key` if it lets its holder in, else the verdict that turns them away. */
  async function findValid(
    key: string,
    nowMs: number,
    calls: RequestCalls,
  ): Promise<CheckedSession | SessionVerdict> {
    const cached = sessions.get(key, nowMs);
    if (cached !== undefined && judge(cached, nowMs) === "valid") return cached;
    // A key is in one of the two at most: rememberUnknown drops the session.
    if (cached === undefined && unknown.get(key, nowMs) !== undefined) return UNKNOWN;
    // A cached session that has now expired or gone idle is confirmed with
    // the table before its holder is turned away: the cached lastSeenAt may
    // be older than the table's (the session manager and other edge
    // instances move it on).

    const outcome = await calls.lookUp(key, (nearest) =>
      needsHomeConfirm(nearest, nowMs / 1000, idle),
    );
    if (outcome.kind === "unavailable") return UNAVAILABLE;
    // Only a miss the home table agrees with gets here (or one read there).
    if (outcome.kind === "not-found") {
      rememberUnknown(key, nowMs);
      return UNKNOWN;
    }
    const state = judge(outcome.session, nowMs);
    if (state !== "valid") {
      // Dead in the table too: remembered like an unknown id, so a browser
      // holding an expired cookie does not cost a GetItem per request.
      rememberUnknown(key, nowMs);
      return { kind: "denied", reason: state };
    }
    sessions.set(key, outcome.session, nowMs, positiveMs);
    return outcome.session;
  }

  function rememberUnknown(key: string, nowMs: number): void {
    sessions.delete(key);
    unknown.set(key, true, nowMs, negativeMs);
  }

  /**
   * Records this request as the session's sign of life once its lastSeenAt
   * is an interval old. Awaited, within the request's time limit: Lambda@Edge
   * freezes an instance once it has answered, so a write left running may
   * never be sent. Its outcome never changes the verdict: the session was
   * judged valid before, and the write's condition cannot revive a dead one.
   */
  async function noteActivity(
    key: string,
    session: CheckedSession,
    nowMs: number,
    calls: RequestCalls,
  ): Promise<void> {
    const nowSeconds = Math.floor(nowMs / 1000);
    if (
      idle === null ||
      !activityDue(session.lastSeenAt, nowSeconds, config.activityIntervalSeconds)
    ) {
      return;
    }
    if (recorded.get(key, nowMs) !== undefined) return;
    recorded.set(key, true, nowMs, intervalMs);
    // This instance saw the request, whatever becomes of the write: its own
    // cached copy counts from now (without being trusted any longer).
    sessions.replace(key, { ...session, lastSeenAt: nowSeconds });
    const outcome = await calls.recordActivity(key, nowSeconds, idle);
    // The table's item said no (deleted, or moved on meanwhile): read it
    // afresh on the next request rather than trust the cached copy.
    if (outcome.kind === "not-recorded") sessions.delete(key);
  }

  return async (sessionId) => {
    // The table key is a digest of the id: the cache holds no usable cookie either.
    const key = sessionKey(sessionId);
    const nowMs = now();
    const calls = table();
    try {
      const found = await findValid(key, nowMs, calls);
      if ("kind" in found) return found;
      await noteActivity(key, found, nowMs, calls);
      return { kind: "valid", sub: found.sub, groups: found.groups };
    } finally {
      calls.end();
    }
  };
}
