// The session check's look-up cache is bounded in bytes as well as in
// entries: a session is as large as its groups make it (up to the 64 KB cap
// on a table answer), so its 10,000 entries alone could hold far more than
// the function's 128 MB. Sessions of about 60 KB each fill the byte budget
// long before the entry bound; sessions of one group do not.
import { createSessionCheck } from "../../../functions/session-checker/check-session";
import { largeSessionTable } from "../../support/large-sessions";
import { checkerConfig } from "../../support/session-checker-harness";

const NOW_MS = 1_800_000_000_000;
const SESSIONS = 1000;
const config = checkerConfig("https://dynamodb.{region}.amazonaws.com", "sessions", {
  cacheMaxEntries: 10_000,
});

async function firstAndLastAfterMany(groupsPerSession: number) {
  const stand = largeSessionTable(groupsPerSession, NOW_MS / 1000);
  const check = createSessionCheck(config, stand.table, () => NOW_MS);
  for (let i = 0; i < SESSIONS; i++) {
    expect((await check(`session-${i}`)).kind).toBe("valid");
  }
  const lookupsBefore = stand.lookups();
  await check(`session-${SESSIONS - 1}`);
  const lastLookedUpAgain = stand.lookups() > lookupsBefore;
  await check("session-0");
  const firstLookedUpAgain = stand.lookups() > lookupsBefore;
  return { lastLookedUpAgain, firstLookedUpAgain };
}

it("keeps every one of a thousand small sessions (the entry bound is 10,000)", async () => {
  expect(await firstAndLastAfterMany(1)).toEqual({
    lastLookedUpAgain: false,
    firstLookedUpAgain: false,
  });
});

it("drops the least recently used of a thousand 60 KB sessions to stay within its bytes", async () => {
  expect(await firstAndLastAfterMany(500)).toEqual({
    lastLookedUpAgain: false,
    firstLookedUpAgain: true,
  });
});
