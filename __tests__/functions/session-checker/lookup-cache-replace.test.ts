// What a cached entry learns later (a recorded sign of life) never extends
// how long it is trusted.
import { LookupCache } from "../../../functions/session-checker/lookup-cache";

it("replaces a value without extending its time, and adds nothing when absent", () => {
  const cache = new LookupCache<string>(10);
  cache.set("k", "v", 1000, 500);
  cache.replace("k", "w");
  cache.replace("absent", "x");
  expect(cache.get("k", 1499)).toBe("w");
  expect(cache.get("k", 1500)).toBeUndefined();
  expect(cache.get("absent", 1000)).toBeUndefined();
  expect(cache.size).toBe(0);
});
