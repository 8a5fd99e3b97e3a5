// Remembers tokens verified on this warm instance, with the verdict, so the
// images of one page (same token, many requests) cost one RSA verify rather
// than one each. Bounded in entries and in bytes; the token's own exp/nbf
// are re-checked on every hit. The verifier keeps accepted tokens in one and
// tokens refused for their signature in another (access-token-verifier.ts);
// no other refusal is cached. What leaves
// first is chosen by second chance (CLOCK), an approximation of least
// recently used in which a hit only marks its entry: the oldest entry goes,
// unless it was hit since it last came up, in which case it is unmarked and
// moves to the back. A hit reorders nothing, so it costs one map look-up.

/** Characters of a token's end that key its entry: the last 256 bits of its signature. */
export const KEY_LENGTH = 43;

/**
 * The map key of `token`: its last 43 characters, which for an RS256 token
 * are the end of its signature and differ between any two tokens the issuer
 * signed. Taking them reads nothing else of the token, where a digest would
 * read all of it. The key only finds a candidate: a hit also needs the whole
 * token to be equal to the stored one (get), so a token keeping a cached
 * token's signature beside another header or payload is a miss, and
 * verified in full. Equal keys of different tokens cost a verify, never an
 * acceptance.
 */
export function tokenKey(token: string): string {
  return token.length > KEY_LENGTH ? token.slice(token.length - KEY_LENGTH) : token;
}

export interface CachedVerification<T> {
  value: T;
  /** `exp` claim, seconds since the epoch. */
  exp: number;
  /** `nbf` claim, if any. */
  nbf?: number;
}

export interface ByteBound<T> {
  /** Budget for all entries, as counted by ENTRY_OVERHEAD_BYTES + token + sizeOf(value). */
  maxBytes: number;
  /** Approximate bytes `value` holds (its strings' lengths). */
  sizeOf: (value: T) => number;
}

/** Without a bound of its own, values count as nothing and entries as their key and overhead. */
const DEFAULT_BOUND: ByteBound<unknown> = { maxBytes: 1024 * 1024, sizeOf: () => 0 };

interface Entry<T> extends CachedVerification<T> {
  /** The whole token: what a hit is compared with. */
  token: string;
  bytes: number;
  /** Hit since eviction last came to it: it gets one more round. */
  hit: boolean;
}

export class VerifiedTokenCache<T> {
  /**
   * What an entry costs beyond its token's and value's characters: the map
   * slot, the key slice, the entry and outcome objects, string headers.
   * `npm run bench` measures the heap: ~1.35 KB an entry in all, with a
   * 1 KB token and one group.
   */
  static readonly ENTRY_OVERHEAD_BYTES = 280;

  private readonly entries = new Map<string, Entry<T>>();
  private totalBytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly clockSkewSeconds: number,
    private readonly bound: ByteBound<T> = DEFAULT_BOUND,
  ) {}

  /** The cached value of exactly `token`, while it is still within its validity window. */
  get(token: string, nowSeconds: number): T | undefined {
    const key = tokenKey(token);
    const entry = this.entries.get(key);
    // The whole token, not only its key: equal in every character or a miss.
    if (entry === undefined || entry.token !== token) return undefined;
    const skew = this.clockSkewSeconds;
    if (
      nowSeconds > entry.exp + skew ||
      (entry.nbf !== undefined && nowSeconds < entry.nbf - skew)
    ) {
      this.remove(key);
      return undefined;
    }
    entry.hit = true;
    return entry.value;
  }

  /** Remembers `token` as verified; it replaces any entry under the same key. */
  set(token: string, verification: CachedVerification<T>): void {
    const key = tokenKey(token);
    this.remove(key);
    // The key is a slice of the token: the token's characters are the cost.
    const bytes =
      VerifiedTokenCache.ENTRY_OVERHEAD_BYTES +
      token.length +
      this.bound.sizeOf(verification.value);
    // One value over the whole budget would empty the cache for nothing.
    if (bytes > this.bound.maxBytes) return;
    // Room first, then the new entry: it cannot be the one that goes.
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.maxEntries || this.totalBytes + bytes > this.bound.maxBytes)
    ) {
      this.evictOne();
    }
    if (this.entries.size >= this.maxEntries) return;
    this.entries.set(key, {
      value: verification.value,
      exp: verification.exp,
      nbf: verification.nbf,
      token,
      bytes,
      hit: false,
    });
    this.totalBytes += bytes;
  }

  /**
   * Drops the oldest entry, after moving back each older one hit since
   * eviction last reached it (unmarked): a pass per entry at most.
   */
  private evictOne(): void {
    // A new iterator each time, though it steps again over every entry
    // deleted since the map last compacted itself (about 0.4 µs of a set
    // into a full cache): an iterator kept between evictions keeps every
    // table the map has outgrown since it last moved, so a cache that stops
    // evicting but goes on changing grows without bound (held by
    // __tests__/functions/edge-cache-memory.test.ts).
    for (const [key, entry] of this.entries) {
      this.entries.delete(key);
      if (!entry.hit) {
        this.totalBytes -= entry.bytes;
        return;
      }
      entry.hit = false;
      this.entries.set(key, entry);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of all entries, as counted against maxBytes. */
  get bytes(): number {
    return this.totalBytes;
  }
}
