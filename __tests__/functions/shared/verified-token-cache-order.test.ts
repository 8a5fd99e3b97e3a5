// The verified-token cache answers, over any sequence of sets, hits, misses
// and expiries, exactly as second chance over a plain queue would: the
// oldest entry goes unless it was hit since eviction last came to it, in
// which case it is unmarked and moved to the back. The cache keeps its place
// in the map between evictions, so this holds it to the queue through long
// runs in which the map drops and compacts many entries.
import fc from "fast-check";
import { VerifiedTokenCache } from "../../../functions/shared/verified-token-cache";

const NOW = 1_800_000_000;
const SKEW = 5;
const OVERHEAD = VerifiedTokenCache.ENTRY_OVERHEAD_BYTES;

interface ModelEntry {
  token: string;
  value: number;
  exp: number;
  bytes: number;
  hit: boolean;
}

/** Second chance over an array: the reference the cache is held to. */
class QueueModel {
  readonly queue: ModelEntry[] = [];
  bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(token: string, now: number): number | undefined {
    const at = this.queue.findIndex((e) => e.token === token);
    if (at === -1) return undefined;
    const entry = this.queue[at];
    if (now > entry.exp + SKEW) {
      this.dropAt(at);
      return undefined;
    }
    entry.hit = true;
    return entry.value;
  }

  set(token: string, value: number, exp: number): void {
    const at = this.queue.findIndex((e) => e.token === token);
    if (at !== -1) this.dropAt(at);
    const bytes = OVERHEAD + token.length + value;
    if (bytes > this.maxBytes) return;
    while (
      this.queue.length > 0 &&
      (this.queue.length >= this.maxEntries || this.bytes + bytes > this.maxBytes)
    ) {
      const oldest = this.queue.shift() as ModelEntry;
      if (oldest.hit) {
        oldest.hit = false;
        this.queue.push(oldest);
      } else {
        this.bytes -= oldest.bytes;
      }
    }
    this.queue.push({ token, value, exp, bytes, hit: false });
    this.bytes += bytes;
  }

  private dropAt(at: number): void {
    this.bytes -= this.queue[at].bytes;
    this.queue.splice(at, 1);
  }
}

const ops = (tokens: number) =>
  fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant("set" as const),
        token: fc.nat({ max: tokens - 1 }),
        // The value's size counts against the byte bound.
        value: fc.nat({ max: 400 }),
        ttl: fc.integer({ min: 0, max: 60 }),
      }),
      fc.record({
        kind: fc.constant("get" as const),
        token: fc.nat({ max: tokens - 1 }),
        age: fc.nat({ max: 80 }),
      }),
    ),
    { maxLength: 400 },
  );

it("answers every sequence as second chance over a queue does", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 8, max: 40 }),
      ops(40),
      (maxEntries, budgetEntries, tokens, sequence) => {
        // A budget of a few average entries: the byte bound evicts too.
        const maxBytes = budgetEntries * (OVERHEAD + 220);
        const cache = new VerifiedTokenCache<number>(maxEntries, SKEW, {
          maxBytes,
          sizeOf: (value) => value,
        });
        const model = new QueueModel(maxEntries, maxBytes);
        for (const op of sequence) {
          const token = `token-${op.token % tokens}`;
          if (op.kind === "set") {
            cache.set(token, { value: op.value, exp: NOW + op.ttl });
            model.set(token, op.value, NOW + op.ttl);
          } else {
            expect(cache.get(token, NOW + op.age)).toBe(model.get(token, NOW + op.age));
          }
          expect(cache.size).toBe(model.queue.length);
          expect(cache.bytes).toBe(model.bytes);
        }
      },
    ),
    { numRuns: 300 },
  );
});
