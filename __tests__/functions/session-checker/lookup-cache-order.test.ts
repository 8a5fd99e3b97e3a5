// The look-up cache answers, over any sequence of sets, hits, misses,
// expiries, replacements and deletions, exactly as least-recently-used over
// a plain list would: a hit moves its entry to the back, an expired entry is
// dropped when found, and a set or a replacement beyond either bound (entries,
// bytes) drops from the front until both hold. A value's size is the value
// itself, so the byte budget evicts too.
import fc from "fast-check";
import { LookupCache, LOOKUP_ENTRY_BYTES } from "../../../functions/session-checker/lookup-cache";

const OVERHEAD = LOOKUP_ENTRY_BYTES;

interface ModelEntry {
  key: string;
  value: number;
  until: number;
}

const bytesOf = (entry: { key: string; value: number }) =>
  OVERHEAD + entry.key.length + entry.value;

/** Least recently used over an array: the reference the cache is held to. */
class ListModel {
  readonly list: ModelEntry[] = [];

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get bytes(): number {
    return this.list.reduce((sum, entry) => sum + bytesOf(entry), 0);
  }

  get(key: string, nowMs: number): number | undefined {
    const at = this.list.findIndex((e) => e.key === key);
    if (at === -1) return undefined;
    const [entry] = this.list.splice(at, 1);
    if (!(nowMs < entry.until)) return undefined;
    this.list.push(entry);
    return entry.value;
  }

  set(key: string, value: number, nowMs: number, ttlMs: number): void {
    this.delete(key);
    if (!(ttlMs > 0)) return;
    if (bytesOf({ key, value }) > this.maxBytes) return;
    this.list.push({ key, value, until: nowMs + ttlMs });
    this.evict();
  }

  replace(key: string, value: number): void {
    const entry = this.list.find((e) => e.key === key);
    if (entry === undefined) return;
    entry.value = value;
    this.evict();
  }

  private evict(): void {
    while (this.list.length > this.maxEntries || this.bytes > this.maxBytes) this.list.shift();
  }

  delete(key: string): void {
    const at = this.list.findIndex((e) => e.key === key);
    if (at !== -1) this.list.splice(at, 1);
  }
}

const ops = (keys: number) =>
  fc.array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("set" as const),
          key: fc.nat({ max: keys - 1 }),
          value: fc.nat({ max: 400 }),
          ttl: fc.integer({ min: 0, max: 60 }),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("get" as const),
          key: fc.nat({ max: keys - 1 }),
          age: fc.nat({ max: 80 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("replace" as const),
          key: fc.nat({ max: keys - 1 }),
          value: fc.nat({ max: 400 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("delete" as const),
          key: fc.nat({ max: keys - 1 }),
        }),
      },
    ),
    { maxLength: 400 },
  );

it("answers every sequence as least-recently-used over a list does", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      // A budget of a few average entries, or none: both bounds evict.
      fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      ops(40),
      (maxEntries, budgetEntries, sequence) => {
        const maxBytes = budgetEntries === undefined ? Infinity : budgetEntries * (OVERHEAD + 220);
        const cache =
          budgetEntries === undefined
            ? new LookupCache<number>(maxEntries)
            : new LookupCache<number>(maxEntries, maxBytes, (value) => value);
        const model = new ListModel(maxEntries, maxBytes);
        const now = 1_000;
        for (const op of sequence) {
          const key = `session#${op.key}`;
          switch (op.kind) {
            case "set":
              cache.set(key, op.value, now, op.ttl);
              model.set(key, op.value, now, op.ttl);
              break;
            case "get":
              expect(cache.get(key, now + op.age)).toBe(model.get(key, now + op.age));
              break;
            case "replace":
              cache.replace(key, op.value);
              model.replace(key, op.value);
              break;
            case "delete":
              cache.delete(key);
              model.delete(key);
              break;
          }
          expect(cache.size).toBe(model.list.length);
          expect(cache.bytes).toBe(budgetEntries === undefined ? cache.bytes : model.bytes);
        }
        // What is left goes in least-recently-used order as new keys come in.
        for (let i = 0; i < maxEntries; i++) {
          const oldest = model.list.length === maxEntries ? model.list[0].key : undefined;
          cache.set(`new#${i}`, i, now, 60);
          model.set(`new#${i}`, i, now, 60);
          if (oldest !== undefined) expect(cache.get(oldest, now)).toBeUndefined();
          expect(cache.size).toBe(model.list.length);
        }
      },
    ),
    { numRuns: 300 },
  );
});
