// Both edge caches hold what their bounds allow and nothing more, however
// large their entries and however long a warm instance lives: the heap,
// measured after full collections (a size, never a time), grows by about
// the byte budget when entries are large, and not at all through long churn
// that never grows a cache. Each churn adds and drops hundreds of thousands
// of map entries, so the maps are rebuilt many times over; nothing of a
// rebuilt map may stay reachable from the cache.
import { randomBytes } from "node:crypto";
import {
  createSessionCheck,
  SESSION_CACHE_BYTES,
} from "../../functions/session-checker/check-session";
import { LookupCache } from "../../functions/session-checker/lookup-cache";
import {
  acceptedOutcome,
  createVerifiedTokens,
  VERIFIED_TOKEN_BYTES,
} from "../../functions/shared/access-token-verifier";
import { VerifiedTokenCache } from "../../functions/shared/verified-token-cache";
import { accessTokenClaims, b64url } from "../support/jwt-fixtures";
import { liveHeapBytes } from "../support/heap";
import { largeSessionTable } from "../support/large-sessions";
import { checkerConfig } from "../support/session-checker-harness";

const MAX_ENTRIES = 1000;
const CHURN = 300_000;
/**
 * What churn may add to the heap: well above the collector's own noise (a few
 * hundred KB), well below what a rebuilt map kept per rebuild adds (about
 * 50 bytes per entry added, 15 MB over this churn).
 */
const ALLOWED_GROWTH = 3 * 1024 * 1024;

/** Heap growth over `churn`, which runs once `fill` has made the cache full. */
function growthOver(fill: () => void, churn: (i: number) => void): number {
  fill();
  const before = liveHeapBytes();
  for (let i = 0; i < CHURN; i++) churn(i);
  return liveHeapBytes() - before;
}

const token = (i: number) => `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.signature-${i}`;

describe("the verified-token cache", () => {
  it("keeps nothing of its rebuilt map once it has evicted, then churns below its bound", () => {
    const cache = new VerifiedTokenCache<number>(MAX_ENTRIES, 0);
    const growth = growthOver(
      // One over the bound: an eviction has happened.
      () => {
        for (let i = 0; i <= MAX_ENTRIES; i++) cache.set(token(i), { value: i, exp: 100 });
      },
      // A token verified, then found expired and dropped: the cache never fills.
      (i) => {
        const fresh = token(MAX_ENTRIES + 1 + i);
        cache.set(fresh, { value: i, exp: 100 });
        if (cache.get(fresh, 200) !== undefined) throw new Error("an expired token was found");
      },
    );
    expect(cache.size).toBe(MAX_ENTRIES - 1);
    expect(growth).toBeLessThan(ALLOWED_GROWTH);
  });

  it("keeps nothing of its rebuilt map while each new token evicts one", () => {
    const cache = new VerifiedTokenCache<number>(MAX_ENTRIES, 0);
    const growth = growthOver(
      () => {
        for (let i = 0; i < MAX_ENTRIES; i++) cache.set(token(i), { value: i, exp: 100 });
      },
      (i) => {
        cache.set(token(MAX_ENTRIES + i), { value: i, exp: 100 });
        // Every other request is a hit: some entries get their second chance.
        cache.get(token(MAX_ENTRIES + i - (i % 2) * 500), 50);
      },
    );
    expect(cache.size).toBe(MAX_ENTRIES);
    expect(growth).toBeLessThan(ALLOWED_GROWTH);
  });
});

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Memory01";

describe("the verifier's cache of accepted tokens", () => {
  it("holds about its byte budget however many groups the tokens carry", () => {
    const cache = createVerifiedTokens(30);
    const before = liveHeapBytes();
    // 400 groups of 60 characters: tokens of about 40 KB, each with its own strings.
    for (let i = 0; i < 1000; i++) {
      const groups = Array.from({ length: 400 }, (_, n) => `group-${i}-${n}-`.padEnd(60, "g"));
      const payload = { ...accessTokenClaims(ISSUER), "cognito:groups": groups };
      const token = [
        b64url(JSON.stringify({ kid: "k", alg: "RS256" })),
        b64url(JSON.stringify(payload)),
        b64url(randomBytes(256)),
      ].join(".");
      // As the verifier hands it over: parsed from the token's own text.
      const parsed = JSON.parse(JSON.stringify(payload)) as typeof payload;
      cache.set(token, { value: acceptedOutcome(parsed), exp: parsed.exp });
    }
    const growth = liveHeapBytes() - before;
    expect(cache.bytes).toBeLessThanOrEqual(VERIFIED_TOKEN_BYTES);
    // The count is close to the heap (within 15% here): half again is its margin.
    expect(growth).toBeLessThan(1.5 * VERIFIED_TOKEN_BYTES);
    // 1000 such tokens would hold about 60 MB: the bound did the work.
    expect(cache.size).toBeLessThan(100);
  });
});

describe("the session look-up cache", () => {
  const key = (i: number) => `session#${i}`;

  it("keeps nothing of its rebuilt map through hits on a full cache that has evicted", () => {
    const cache = new LookupCache<number>(MAX_ENTRIES);
    const growth = growthOver(
      () => {
        for (let i = 0; i <= MAX_ENTRIES; i++) cache.set(key(i), i, 0, 60_000);
      },
      // Each hit moves its entry to the back of the map.
      (i) => {
        if (cache.get(key(1 + (i % MAX_ENTRIES)), 1) === undefined) throw new Error("a hit missed");
      },
    );
    expect(cache.size).toBe(MAX_ENTRIES);
    expect(growth).toBeLessThan(ALLOWED_GROWTH);
  });

  it("keeps nothing of its rebuilt map while each new session evicts one", () => {
    const cache = new LookupCache<number>(MAX_ENTRIES);
    const growth = growthOver(
      () => {
        for (let i = 0; i < MAX_ENTRIES; i++) cache.set(key(i), i, 0, 60_000);
      },
      (i) => {
        cache.set(key(MAX_ENTRIES + i), i, 1, 60_000);
        cache.get(key(MAX_ENTRIES + i - (i % 7) * 100), 2);
      },
    );
    expect(cache.size).toBe(MAX_ENTRIES);
    expect(growth).toBeLessThan(ALLOWED_GROWTH);
  });
});

describe("the session check", () => {
  it("holds no more than its byte budget of sessions, however many groups they carry", async () => {
    const nowMs = 1_800_000_000_000;
    // 500 groups of 120 characters: about 60 KB a session, under the 64 KB answer cap.
    const stand = largeSessionTable(500, nowMs / 1000);
    const config = checkerConfig("https://dynamodb.{region}.amazonaws.com", "sessions", {
      cacheMaxEntries: 10_000,
    });
    const check = createSessionCheck(config, stand.table, () => nowMs);
    const before = liveHeapBytes();
    // 1000 sessions: about 70 MB of groups if the entry bound were the only one.
    for (let i = 0; i < 1000; i++) {
      if ((await check(`session-${i}`)).kind !== "valid") throw new Error("a session was refused");
    }
    const growth = liveHeapBytes() - before;
    // The check (and its cache) in use after the measure: it was live throughout.
    expect((await check("session-999")).kind).toBe("valid");
    expect(stand.lookups()).toBe(1000);
    // The budget, as counted, and what the collector has not given back.
    expect(growth).toBeLessThan(SESSION_CACHE_BYTES + 8 * 1024 * 1024);
    // Far below what the sessions hold: the bound did the work.
    expect(SESSION_CACHE_BYTES + 8 * 1024 * 1024).toBeLessThan(60 * 1024 * 1024);
  });
});
