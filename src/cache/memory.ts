// The memory response cache (SPEC §6.8): the native LRU keeps bodies outside the JavaScript
// heap and serves hits without copying them; status and headers travel as a small JSON text.
import type { CacheConfig } from '../config/index.ts';
import { nativeAddon, type NativeResponseCache } from '../engine/index.ts';
import { emptyCacheStats, type CachedResponse, type ResponseCache } from './types.ts';

interface Meta {
  s: number;
  h: readonly (readonly [string, string])[];
}

export class MemoryResponseCache implements ResponseCache {
  readonly stats = emptyCacheStats();
  private readonly native: NativeResponseCache;

  constructor(private readonly limits: Pick<CacheConfig, 'cacheSize' | 'maxCacheItemBytes'>) {
    this.native = new nativeAddon.ResponseCache(limits.cacheSize);
  }

  /** Synchronous lookup for the hot path; `get` wraps it for the common interface. */
  lookup(key: string): CachedResponse | undefined {
    const found = this.native.get(key);
    if (!found) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    const meta = JSON.parse(found[1]) as Meta;
    return { status: meta.s, headers: meta.h, body: found[0] };
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.lookup(key);
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    if (value.body.length > this.limits.maxCacheItemBytes) {
      this.stats.skipped++;
      return;
    }
    const meta = JSON.stringify({ s: value.status, h: value.headers } satisfies Meta);
    if (this.native.set(key, value.body, meta, ttlSeconds * 1000)) this.stats.sets++;
    else this.stats.skipped++;
  }

  async delete(key: string): Promise<void> {
    this.native.delete(key);
  }

  async close(): Promise<void> {}

  get usage() {
    return this.native.stats();
  }
}
