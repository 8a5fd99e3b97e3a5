// When a content request counts as a session's sign of life: the idle
// timeout counts from lastSeenAt, which the checker moves forward in the home
// table at most once per activity interval. Pure, so the stack (which renders
// the interval) and the checker (which applies it) agree on one rule.

/** Longest activity interval: a reader's lastSeenAt lags their last request by at most this. */
const MAX_INTERVAL_SECONDS = 300;

/**
 * The activity interval for an idle timeout: a quarter of it, at most five
 * minutes, so a continuous reader is recorded several times before the
 * timeout, at one write per session per interval. Null without an idle
 * timeout: nothing to keep alive.
 */
export function activityIntervalFor(idleTimeoutSeconds: number | null): number | null {
  if (idleTimeoutSeconds === null) return null;
  return Math.max(1, Math.min(MAX_INTERVAL_SECONDS, Math.floor(idleTimeoutSeconds / 4)));
}

/**
 * Whether a request at `nowSeconds` should record activity for a valid
 * session last seen at `lastSeenAt`: once that is an interval old. Idle
 * timeouts count whole seconds, as the session manager writes them.
 */
export function activityDue(
  lastSeenAt: number,
  nowSeconds: number,
  intervalSeconds: number | null,
): boolean {
  return intervalSeconds !== null && nowSeconds - lastSeenAt >= intervalSeconds;
}
