// Look-up results remembered on this warm instance, so the dozens of requests
// of one page cost one GetItem rather than one each. Bounded (least recently
// used out) and time-limited per entry: the entry's lifetime is how long a
// session deleted from the table (logout, revocation) may still pass here.
// Callers never store a failed look-up: an outage must not outlive itself.

interface Entry<T> {
  value: T;
  /** Milliseconds since the epoch after which the entry is gone. */
  until: number;
}

export class LookupCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries: number) {}

  /** The value stored under `key`, unless its time is up at `nowMs`. */
  get(key: string, nowMs: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (!(nowMs < entry.until)) return undefined;
    // Re-inserted last, so eviction drops the least recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` until `nowMs + ttlMs`; a zero time-to-live stores nothing. */
  set(key: string, value: T, nowMs: number, ttlMs: number): void {
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;
    this.entries.set(key, { value, until: nowMs + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /**
   * Replaces the value under `key`, keeping its time: what a cached entry
   * learns (a recorded sign of life) never extends how long it is trusted.
   */
  replace(key: string, value: T): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.value = value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
