// The verified-token cache is bounded in bytes as well as in entries, and
// keys tokens by their SHA-256 digest: an entry costs the same whatever the
// token's length, and two tokens share a key only through a SHA-256 collision.
import { createHash } from "node:crypto";
import { tokenKey, VerifiedTokenCache } from "../../../functions/shared/verified-token-cache";

const NOW = 1_800_000_000;
const entry = (value: string) => ({ value, exp: NOW + 600 });
const bytesOf = (value: string) => value.length;

describe("tokenKey", () => {
  const token = `${"h".repeat(40)}.${"p".repeat(700)}.${"s".repeat(342)}`;

  it("is the SHA-256 digest of the token: 43 characters however long the token", () => {
    expect(tokenKey(token)).toHaveLength(43);
    expect(tokenKey(token.repeat(8))).toHaveLength(43);
    expect(tokenKey(token)).toBe(createHash("sha256").update(token).digest("base64url"));
  });

  it("is equal for equal tokens and differs when any part differs", () => {
    expect(tokenKey(token)).toBe(tokenKey(`${token}`));
    const [head, payload, signature] = token.split(".");
    expect(tokenKey(`${head}.${payload}.${signature.slice(0, -1)}t`)).not.toBe(tokenKey(token));
    expect(tokenKey(`${head}.${payload.slice(0, -1)}q.${signature}`)).not.toBe(tokenKey(token));
    expect(tokenKey(`g${head.slice(1)}.${payload}.${signature}`)).not.toBe(tokenKey(token));
  });
});

describe("VerifiedTokenCache byte bound", () => {
  it("counts each entry's key, value and a fixed overhead", () => {
    const cache = new VerifiedTokenCache<string>(10, 0, { maxBytes: 10_000, sizeOf: bytesOf });
    cache.set("k".repeat(32), entry("v".repeat(100)));
    expect(cache.bytes).toBe(VerifiedTokenCache.ENTRY_OVERHEAD_BYTES + 32 + 100);
    cache.set("k".repeat(32), entry("v".repeat(10)));
    expect(cache.bytes).toBe(VerifiedTokenCache.ENTRY_OVERHEAD_BYTES + 32 + 10);
  });

  it("drops the least recently used entries once the bytes pass maxBytes", () => {
    const perEntry = VerifiedTokenCache.ENTRY_OVERHEAD_BYTES + 1 + 1000;
    const cache = new VerifiedTokenCache<string>(100, 0, {
      maxBytes: 3 * perEntry,
      sizeOf: bytesOf,
    });
    for (const key of ["a", "b", "c"]) cache.set(key, entry(key.repeat(1000)));
    expect(cache.get("a", NOW)).toBeDefined();
    cache.set("d", entry("d".repeat(1000)));
    expect(cache.size).toBe(3);
    expect(cache.get("b", NOW)).toBeUndefined();
    expect(cache.get("a", NOW)).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(3 * perEntry);
  });

  it("does not keep a value larger than the whole budget, nor evict for it", () => {
    const cache = new VerifiedTokenCache<string>(100, 0, { maxBytes: 2000, sizeOf: bytesOf });
    cache.set("a", entry("a"));
    cache.set("huge", entry("x".repeat(5000)));
    expect(cache.get("huge", NOW)).toBeUndefined();
    expect(cache.get("a", NOW)).toBe("a");
  });

  it("gives an expired entry's bytes back", () => {
    const cache = new VerifiedTokenCache<string>(10, 0, { maxBytes: 10_000, sizeOf: bytesOf });
    cache.set("a", { value: "a", exp: NOW });
    expect(cache.get("a", NOW + 1)).toBeUndefined();
    expect(cache.bytes).toBe(0);
    expect(cache.size).toBe(0);
  });
});
