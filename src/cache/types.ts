// The response cache contract (SPEC §6.8), shared by the memory and Redis backends.

/** A buffered response as stored and served on a hit. */
export interface CachedResponse {
  readonly status: number;
  /** Header name/value pairs in response order; repeated names are kept. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

/**
 * A response cache. Calls never throw and never hang on the backend: a backend failure is a miss
 * for `get` and a no-op for `set` and `delete`, counted in `stats.errors`.
 */
export interface ResponseCache {
  /** The entry for `key` (see `responseCacheKey`), or undefined. */
  get(key: string): Promise<CachedResponse | undefined>;
  /**
   * Stores `value` for `ttlSeconds` (> 0, may be fractional). May decline: bodies over the item
   * limit, or Redis `minUseCount` fill attempts not yet reached. Resolves once done or dropped.
   */
  set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Closes connections; later calls behave as misses. */
  close(): Promise<void>;
  readonly stats: CacheStats;
}

/** Running totals since start, for `mort_cache_ratio{status}` and logs. */
export interface CacheStats {
  /** `get` calls that found an entry. */
  hits: number;
  /** `get` calls that found nothing, including failed lookups. */
  misses: number;
  /** Entries really written. */
  sets: number;
  /** `set` calls declined: item too large, TTL ≤ 0, or `minUseCount` not reached yet. */
  skipped: number;
  /** Backend failures and timeouts (each is also a miss or a dropped write). */
  errors: number;
}

export function emptyCacheStats(): CacheStats {
  return { hits: 0, misses: 0, sets: 0, skipped: 0, errors: 0 };
}

/**
 * The cache key of a response: bucket, object key (with its leading `/`) and the Range header.
 * The range goes after a newline, which neither a bucket nor a URL path can hold, so a key never
 * collides with a range.
 */
export function responseCacheKey(bucket: string, key: string, range = ''): string {
  return range === '' ? bucket + key : `${bucket}${key}\n${range}`;
}
