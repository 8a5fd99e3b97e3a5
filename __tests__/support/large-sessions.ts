// A session table stand-in for the session check alone (createSessionCheck):
// it counts look-ups and answers each with a live session carrying as many
// groups as asked, read from the JSON text of a GetItem answer as the
// checker reads one, so every session's strings are its own, as on a real
// instance.
import { readGetItemResult } from "../../functions/session-checker/get-item";
import type { RequestCalls, SessionTable } from "../../functions/session-checker/session-lookup";
import { TEST_SUB } from "./session-checker-harness";

/** A group name of 120 characters (the checker takes up to 128), unique to `session` and `n`. */
const groupName = (session: string, n: number) => `${session}-${n}-`.padEnd(120, "g");

export interface LargeSessionTable {
  table: SessionTable;
  /** Look-ups the table has answered. */
  lookups: () => number;
}

/** Sessions live for a day from `nowSeconds` and were seen at it: no activity is due. */
export function largeSessionTable(groupsPerSession: number, nowSeconds: number): LargeSessionTable {
  let lookups = 0;
  const calls: RequestCalls = {
    lookUp: async (key) => {
      lookups++;
      const groups = Array.from({ length: groupsPerSession }, (_, n) => ({
        S: groupName(key, n),
      }));
      const text = JSON.stringify({
        Item: {
          sub: { S: TEST_SUB },
          groups: { L: groups },
          expiresAt: { N: String(nowSeconds + 24 * 3600) },
          lastSeenAt: { N: String(nowSeconds) },
        },
      });
      return readGetItemResult(JSON.parse(text));
    },
    recordActivity: async () => ({ kind: "recorded" }),
    end: () => undefined,
  };
  return { table: () => calls, lookups: () => lookups };
}
