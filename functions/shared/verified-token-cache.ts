// Remembers tokens that passed verification on this warm instance, so the
// images of one page (same token, many requests) cost one RSA verify rather
// than one each. Keyed by the whole token string: the same bytes carry the
// same signature and claims, so only time can change the verdict, and the
// token's own exp/nbf are re-checked on every hit. Bounded (oldest out);
// failures are never cached.

export interface CachedVerification<T> {
  value: T;
  /** `exp` claim, seconds since the epoch. */
  exp: number;
  /** `nbf` claim, if any. */
  nbf?: number;
}

export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, CachedVerification<T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly clockSkewSeconds: number,
  ) {}

  /** The cached value while the token is still within its validity window. */
  get(token: string, nowSeconds: number): T | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    const skew = this.clockSkewSeconds;
    if (
      nowSeconds > entry.exp + skew ||
      (entry.nbf !== undefined && nowSeconds < entry.nbf - skew)
    ) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last, so eviction drops the least recently used.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.value;
  }

  set(token: string, entry: CachedVerification<T>): void {
    this.entries.delete(token);
    this.entries.set(token, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
