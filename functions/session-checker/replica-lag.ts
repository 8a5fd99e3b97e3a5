// What a replica's answer may not know yet. The session manager writes the
// home table (login, /_identity/session) and the checker records activity
// there; a replica sees each write after the global table's replication lag.
// An answer that would turn a user away only for lack of a recent write is
// confirmed at home first; the rest are final. Pure, so tests call it directly.
import { judgeSession } from "./decide";
import type { LookupOutcome } from "./get-item";

/**
 * Whether `outcome`, read from a replica at `nowSeconds`, is confirmed with a
 * consistent read of the home table before it is acted on:
 * - a miss: a login not replicated yet (the first request after login);
 * - an idle session: lastSeenAt moved on at home, not yet here.
 * Not an expired session or a bad sub: both are written once, at login, so
 * home holds the same. Not a malformed item: items are written whole. Not an
 * unavailable replica: that is a 503, not a verdict.
 */
export function needsHomeConfirm(
  outcome: LookupOutcome,
  nowSeconds: number,
  idleTimeoutSeconds: number | null,
): boolean {
  if (outcome.kind === "not-found") return outcome.malformed !== true;
  if (outcome.kind !== "found") return false;
  return judgeSession(outcome.session, nowSeconds, idleTimeoutSeconds) === "idle";
}
