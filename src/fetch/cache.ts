// A small LRU of fetched watermark bytes, so a popular watermark isn't refetched for every
// render, plus single-flight: concurrent misses for one key share one fetch. Failures are not
// cached; waiters that joined a failing fetch all get its error.

/** Cache bounds; every field is optional. */
export interface WatermarkCacheLimits {
  /** Most entries kept; default 32. */
  readonly maxEntries?: number;
  /** Most bytes kept across entries; default 32 MiB. Larger single entries are not kept. */
  readonly maxTotalBytes?: number;
  /** How long an entry is served; default 5 minutes. */
  readonly ttlMs?: number;
  /** Clock in milliseconds; a test seam for expiry. */
  readonly now?: () => number;
}

interface Entry {
  readonly bytes: Uint8Array;
  readonly expiresAt: number;
}

/** LRU + TTL byte cache with in-flight sharing. */
export class WatermarkCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();
  private readonly maxEntries: number;
  private readonly maxTotalBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private totalBytes = 0;

  constructor(limits: WatermarkCacheLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 32;
    this.maxTotalBytes = limits.maxTotalBytes ?? 32 * 1024 * 1024;
    this.ttlMs = limits.ttlMs ?? 5 * 60 * 1000;
    this.now = limits.now ?? Date.now;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }

  /** The cached bytes for `key` (refreshing its recency), or the shared result of `load`. */
  getOrLoad(key: string, load: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const cached = this.get(key);
    if (cached) return Promise.resolve(cached);

    const pending = this.inFlight.get(key);
    if (pending) return pending;

    const started = load().then((bytes) => {
      this.set(key, bytes);
      return bytes;
    });
    this.inFlight.set(key, started);
    // Both outcomes end the flight; the caller observes the rejection through `started`.
    started.then(
      () => this.inFlight.delete(key),
      () => this.inFlight.delete(key),
    );

    return started;
  }

  /** Drops every entry; fetches in flight still complete for their waiters. */
  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private get(key: string): Uint8Array | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;

    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.totalBytes -= entry.bytes.byteLength;
      return undefined;
    }

    // Map keeps insertion order, so re-inserting makes this the most recently used entry.
    this.entries.set(key, entry);
    return entry.bytes;
  }

  private set(key: string, bytes: Uint8Array): void {
    if (this.maxEntries < 1 || bytes.byteLength > this.maxTotalBytes) return;

    this.remove(key);
    this.entries.set(key, { bytes, expiresAt: this.now() + this.ttlMs });
    this.totalBytes += bytes.byteLength;

    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.totalBytes <= this.maxTotalBytes) break;

      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;

    this.entries.delete(key);
    this.totalBytes -= entry.bytes.byteLength;
  }
}
