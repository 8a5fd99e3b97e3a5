// Which answers of a replica may only be replication lag, and so are
// confirmed at home before a user is turned away.
import { needsHomeConfirm } from "../../../functions/session-checker/replica-lag";
import type { LookupOutcome } from "../../../functions/session-checker/get-item";

const NOW = 1_750_000_000;
const IDLE = 600;
const found = (lastSeenAt: number, expiresAt = NOW + 60, sub = "u"): LookupOutcome => ({
  kind: "found",
  session: { sub, groups: [], expiresAt, lastSeenAt },
});

it.each<[string, LookupOutcome, boolean]>([
  ["a miss (a login not replicated yet)", { kind: "not-found" }, true],
  [
    "a malformed item (written whole: malformed at home too)",
    { kind: "not-found", malformed: true },
    false,
  ],
  ["a valid session", found(NOW), false],
  ["an idle session (activity is recorded at home)", found(NOW - IDLE), true],
  ["an expired session (expiry is written once, at login)", found(NOW, NOW), false],
  ["a session with a bad sub (written once, at login)", found(NOW, NOW + 60, ""), false],
  ["an unavailable replica (503, no fallback)", { kind: "unavailable", reason: "timeout" }, false],
])("%s: %p", (_, outcome, expected) => {
  expect(needsHomeConfirm(outcome, NOW, IDLE)).toBe(expected);
});

it("never confirms an idle verdict when there is no idle timeout", () => {
  expect(needsHomeConfirm(found(0), NOW, null)).toBe(false);
});

it("confirms an expired session that is also idle? no: expiry is judged first", () => {
  expect(needsHomeConfirm(found(NOW - IDLE, NOW - 1), NOW, IDLE)).toBe(false);
});
