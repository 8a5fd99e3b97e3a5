// Remembers tokens that passed verification on this warm instance, so the
// images of one page (same token, many requests) cost one RSA verify rather
// than one each. Bounded in entries and in bytes (least recently used out);
// the token's own exp/nbf are re-checked on every hit, and failures are
// never cached.
import { hash } from "node:crypto";

/**
 * The cache key of `token`: its SHA-256 digest, in base64url.
 * The whole token is hashed, so two tokens share a key only through a
 * SHA-256 collision: a token keeping a cached token's signature beside
 * another header or payload is a miss, and verified in full. (Keying by the
 * signature segment alone would let exactly that token through.) Tokens are
 * ASCII by the time they are verified, and no other string has the same
 * UTF-8 bytes as an ASCII one. 43 characters per entry, not the token's ~1 KB.
 */
export function tokenKey(token: string): string {
  return hash("sha256", token, "base64url");
}

export interface CachedVerification<T> {
  value: T;
  /** `exp` claim, seconds since the epoch. */
  exp: number;
  /** `nbf` claim, if any. */
  nbf?: number;
}

export interface ByteBound<T> {
  /** Budget for all entries, as counted by ENTRY_OVERHEAD_BYTES + key + sizeOf(value). */
  maxBytes: number;
  /** Approximate bytes `value` holds (its strings' lengths). */
  sizeOf: (value: T) => number;
}

/** Without a bound of its own, values count as nothing and entries as their key and overhead. */
const DEFAULT_BOUND: ByteBound<unknown> = { maxBytes: 1024 * 1024, sizeOf: () => 0 };

interface Entry<T> extends CachedVerification<T> {
  bytes: number;
}

export class VerifiedTokenCache<T> {
  /**
   * What an entry costs beyond its key's and value's characters: the map
   * slot, the entry and outcome objects, string headers. `npm run bench`
   * measures the heap: ~530 bytes an entry in all, with one group.
   */
  static readonly ENTRY_OVERHEAD_BYTES = 432;

  private readonly entries = new Map<string, Entry<T>>();
  private totalBytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly clockSkewSeconds: number,
    private readonly bound: ByteBound<T> = DEFAULT_BOUND,
  ) {}

  /** The cached value while the token is still within its validity window. */
  get(key: string, nowSeconds: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const skew = this.clockSkewSeconds;
    this.entries.delete(key);
    if (
      nowSeconds > entry.exp + skew ||
      (entry.nbf !== undefined && nowSeconds < entry.nbf - skew)
    ) {
      this.totalBytes -= entry.bytes;
      return undefined;
    }
    // Most recently used last, so eviction drops the least recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, verification: CachedVerification<T>): void {
    this.remove(key);
    const bytes =
      VerifiedTokenCache.ENTRY_OVERHEAD_BYTES + key.length + this.bound.sizeOf(verification.value);
    // One value over the whole budget would empty the cache for nothing.
    if (bytes > this.bound.maxBytes) return;
    this.entries.set(key, { ...verification, bytes });
    this.totalBytes += bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.bound.maxBytes) {
      this.remove(this.entries.keys().next().value as string);
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
