// Look-up results remembered on this warm instance, so the dozens of requests
// of one page cost one GetItem rather than one each. Bounded in entries and,
// given a way to size its values, in bytes (least recently used out), and
// time-limited per entry: the entry's lifetime is how long a session deleted
// from the table (logout, revocation) may still pass here. Callers never
// store a failed look-up: an outage must not outlive itself.

interface Entry<T> {
  value: T;
  /** Milliseconds since the epoch after which the entry is gone. */
  until: number;
  /** As counted against the byte budget: LOOKUP_ENTRY_BYTES, the key's and the value's characters. */
  bytes: number;
}

/**
 * What an entry costs beyond its key's and value's characters: the map
 * slot, the entry, the key string's header, a cached session's object and
 * groups array (about what a session of one short group measures in the
 * heap, less its strings).
 */
export const LOOKUP_ENTRY_BYTES = 400;

// Private members (#) are renamed by the minifier, unlike TypeScript's
// `private` ones: this class ships in the viewer-request bundle.
export class LookupCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #sizeOf: (value: T) => number;
  #bytes = 0;

  /**
   * At most `maxEntries` entries and, as counted, `maxBytes` bytes, where
   * `sizeOf` gives the approximate bytes a value holds beyond its entry
   * (its strings' lengths). Without a budget, entries alone bound it.
   */
  constructor(maxEntries: number, maxBytes = Infinity, sizeOf: (value: T) => number = () => 0) {
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
  }

  /** The value stored under `key`, unless its time is up at `nowMs`. */
  get(key: string, nowMs: number): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (!(nowMs < entry.until)) {
      this.delete(key);
      return undefined;
    }
    // Re-inserted last, so eviction drops the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /**
   * Stores `value` until `nowMs + ttlMs`; a zero time-to-live stores
   * nothing, and so does a value over the whole byte budget (it would empty
   * the cache for nothing).
   */
  set(key: string, value: T, nowMs: number, ttlMs: number): void {
    this.delete(key);
    if (!(ttlMs > 0)) return;
    const bytes = this.#bytesOf(key, value);
    if (bytes > this.#maxBytes) return;
    this.#entries.set(key, { value, until: nowMs + ttlMs, bytes });
    this.#bytes += bytes;
    this.#evictBeyondBounds();
  }

  /**
   * Replaces the value under `key`, keeping its time: what a cached entry
   * learns (a recorded sign of life) never extends how long it is trusted.
   */
  replace(key: string, value: T): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    const bytes = this.#bytesOf(key, value);
    this.#bytes += bytes - entry.bytes;
    entry.value = value;
    entry.bytes = bytes;
    this.#evictBeyondBounds();
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes of all entries, as counted against the budget. */
  get bytes(): number {
    return this.#bytes;
  }

  #bytesOf(key: string, value: T): number {
    return LOOKUP_ENTRY_BYTES + key.length + this.#sizeOf(value);
  }

  /** Drops the least recently used entries until both bounds hold. */
  #evictBeyondBounds(): void {
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      this.delete(this.#entries.keys().next().value as string);
    }
  }
}
