// The heap the session checker's look-up cache holds per 10,000 entries (its
// deployed size), filled the way the checker fills it: each key the session
// key of a new opaque id, each value a session read from a GetItem answer as
// DynamoDB's JSON protocol sends it. Entries are bounded in number and
// together in bytes (check-session.ts: SESSION_CACHE_BYTES).
import { readGetItemResult } from "../../functions/session-checker/get-item";
import { LookupCache } from "../../functions/session-checker/lookup-cache";
import { newOpaqueId, sessionKey } from "../../functions/shared/session-record";
import { retainedHeapBytes } from "./measure";
import type { Measurement } from "./report";
import { SUB } from "./session-fixtures";

const ENTRIES = 10_000;

/** A GetItem answer for one live session, parsed from its own text as the checker parses it. */
function answer(nowSeconds: number): unknown {
  const item = {
    sub: { S: SUB },
    groups: { L: [{ S: "staff" }] },
    expiresAt: { N: String(nowSeconds + 8 * 3600) },
    lastSeenAt: { N: String(nowSeconds) },
  };
  return JSON.parse(JSON.stringify({ Item: item }));
}

export function sessionCacheHeap(): Measurement {
  const nowMs = Date.now();
  const bytes = retainedHeapBytes(() => {
    const cache = new LookupCache<unknown>(ENTRIES);
    for (let i = 0; i < ENTRIES; i++) {
      const outcome = readGetItemResult(answer(Math.floor(nowMs / 1000)));
      if (outcome.kind !== "found") throw new Error("the answer was not read as a session");
      cache.set(sessionKey(newOpaqueId()), outcome.session, nowMs, 60_000);
    }
    if (cache.size !== ENTRIES) throw new Error(`the cache kept ${cache.size}`);
    return cache;
  });
  return { value: bytes / 1024 };
}
