// The verified-token cache: hits only inside the token's own validity window,
// bounded, least recently used out first.
import { VerifiedTokenCache } from "../../../functions/shared/verified-token-cache";

const NOW = 1_800_000_000;

describe("VerifiedTokenCache", () => {
  it("returns a cached verdict until exp plus the clock skew, then forgets it", () => {
    const cache = new VerifiedTokenCache<string>(10, 30);
    cache.set("t", { value: "alice", exp: NOW + 60 });
    expect(cache.get("t", NOW)).toBe("alice");
    expect(cache.get("t", NOW + 90)).toBe("alice");
    expect(cache.get("t", NOW + 91)).toBeUndefined();
    expect(cache.get("t", NOW)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not answer before nbf minus the clock skew", () => {
    const cache = new VerifiedTokenCache<string>(10, 30);
    cache.set("t", { value: "alice", exp: NOW + 600, nbf: NOW + 100 });
    expect(cache.get("t", NOW + 69)).toBeUndefined();
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = new VerifiedTokenCache<number>(2, 0);
    cache.set("a", { value: 1, exp: NOW + 60 });
    cache.set("b", { value: 2, exp: NOW + 60 });
    expect(cache.get("a", NOW)).toBe(1);
    cache.set("c", { value: 3, exp: NOW + 60 });
    expect(cache.get("b", NOW)).toBeUndefined();
    expect(cache.get("a", NOW)).toBe(1);
    expect(cache.get("c", NOW)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("gives a hit entry one more round, not more: second chance, without reordering on a hit", () => {
    const cache = new VerifiedTokenCache<number>(2, 0);
    cache.set("a", { value: 1, exp: NOW + 60 });
    cache.set("b", { value: 2, exp: NOW + 60 });
    expect(cache.get("b", NOW)).toBe(2);
    expect(cache.get("a", NOW)).toBe(1);
    // Both hit: each is unmarked and moved back once, then the older goes.
    cache.set("c", { value: 3, exp: NOW + 60 });
    expect([cache.get("a", NOW), cache.get("b", NOW), cache.get("c", NOW)]).toEqual([
      undefined,
      2,
      3,
    ]);
    // b and c were just hit again; d pushes out the older of them.
    cache.set("d", { value: 4, exp: NOW + 60 });
    expect(cache.get("b", NOW)).toBeUndefined();
    expect(cache.get("c", NOW)).toBe(3);
    expect(cache.get("d", NOW)).toBe(4);
    expect(cache.size).toBe(2);
  });

  it("keys by the whole token: a token differing in one character is a miss", () => {
    const cache = new VerifiedTokenCache<string>(10, 0);
    cache.set("header.payload.signature", { value: "alice", exp: NOW + 60 });
    expect(cache.get("header.payload.signaturE", NOW)).toBeUndefined();
  });
});
