// The bounded, time-limited look-up cache on its own.
import { LookupCache } from "../../../functions/session-checker/lookup-cache";

it("returns a value until its time is up, then forgets it", () => {
  const cache = new LookupCache<string>(10);
  cache.set("k", "v", 1000, 500);
  expect(cache.get("k", 1499)).toBe("v");
  expect(cache.get("k", 1500)).toBeUndefined();
  expect(cache.size).toBe(0);
});

it("stores nothing for a zero time-to-live", () => {
  const cache = new LookupCache<string>(10);
  cache.set("k", "v", 1000, 500);
  cache.set("k", "w", 1000, 0);
  expect(cache.get("k", 1000)).toBeUndefined();
});

it("drops the least recently used entry beyond its bound", () => {
  const cache = new LookupCache<string>(2);
  cache.set("a", "1", 0, 1000);
  cache.set("b", "2", 0, 1000);
  cache.get("a", 1);
  cache.set("c", "3", 1, 1000);
  expect(cache.size).toBe(2);
  expect(cache.get("b", 2)).toBeUndefined();
  expect(cache.get("a", 2)).toBe("1");
  expect(cache.get("c", 2)).toBe("3");
});

it("replaces an entry and its lifetime on set", () => {
  const cache = new LookupCache<string>(2);
  cache.set("a", "1", 0, 100);
  cache.set("a", "2", 50, 100);
  expect(cache.get("a", 120)).toBe("2");
  expect(cache.size).toBe(1);
});

it("forgets an entry on delete", () => {
  const cache = new LookupCache<string>(2);
  cache.set("a", "1", 0, 100);
  cache.delete("a");
  expect(cache.get("a", 1)).toBeUndefined();
});

it("never outgrows its bound under many distinct keys", () => {
  const cache = new LookupCache<number>(50);
  for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i, 0, 1000);
  expect(cache.size).toBe(50);
  expect(cache.get("k999", 1)).toBe(999);
  expect(cache.get("k949", 1)).toBeUndefined();
});
