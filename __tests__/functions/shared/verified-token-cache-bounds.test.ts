// The verified-token cache is bounded in bytes as well as in entries. It
// finds an entry by the token's last 43 characters (the end of its
// signature: no digest of the whole token to compute) and answers only for
// the very token it stored: every character is compared.
import { tokenKey, VerifiedTokenCache } from "../../../functions/shared/verified-token-cache";

const NOW = 1_800_000_000;
const entry = (value: string) => ({ value, exp: NOW + 600 });
const bytesOf = (value: string) => value.length;

describe("tokenKey", () => {
  const token = `${"h".repeat(40)}.${"p".repeat(700)}.${"s".repeat(300)}${"t".repeat(42)}`;

  it("is the token's last 43 characters, however long the token", () => {
    expect(tokenKey(token)).toBe(`s${"t".repeat(42)}`);
    expect(tokenKey(token.repeat(8))).toHaveLength(43);
    expect(tokenKey("short")).toBe("short");
  });

  it("is only a candidate: a token differing in any part is a miss, its own token a hit", () => {
    const cache = new VerifiedTokenCache<string>(10, 0);
    cache.set(token, entry("verified"));
    expect(cache.get(`${token}`, NOW)).toBe("verified");
    const [head, payload, signature] = token.split(".");
    for (const other of [
      `${head}.${payload}.${signature.slice(0, -1)}u`,
      `${head}.${payload}.${signature.slice(0, 1)}X${signature.slice(2)}`,
      `${head}.${payload.slice(0, -1)}q.${signature}`,
      `g${head.slice(1)}.${payload}.${signature}`,
      `${head}.${payload}${payload}.${signature}`,
      `${head}.${signature}`,
    ]) {
      expect(cache.get(other, NOW)).toBeUndefined();
    }
    expect(cache.get(token, NOW)).toBe("verified");
  });
});

describe("VerifiedTokenCache byte bound", () => {
  it("counts each entry's token, value and a fixed overhead", () => {
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
