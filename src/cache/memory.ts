// The memory response cache (SPEC §6.8). The native LRU (native/src/cache.cc) owns the policy:
// byte budget with sizes counted once, recency, TTL. The bodies are immutable Blobs, whose
// bytes Bun keeps outside the JavaScript heap and sends without a copy; a hit hands out the
// same Blob and a Headers template that Response copies.
import type { CacheConfig } from '../config/index.ts';
import { nativeAddon, type NativeResponseCache } from '../engine/index.ts';
import { emptyCacheStats, type CachedResponse, type ResponseCache } from './types.ts';

interface Held {
  status: number;
  headers: Headers;
  pairs: readonly (readonly [string, string])[];
  body: Blob;
}

export interface MemoryHit {
  status: number;
  /** Do not mutate: pass it to `new Response`, which copies it. */
  headers: Headers;
  body: Blob;
}

export class MemoryResponseCache implements ResponseCache {
  readonly stats = emptyCacheStats();
  private readonly native: NativeResponseCache;
  private readonly held = new Map<string, Held>();

  constructor(private readonly limits: Pick<CacheConfig, 'cacheSize' | 'maxCacheItemBytes'>) {
    this.native = new nativeAddon.ResponseCache(limits.cacheSize);
  }

  /** Synchronous lookup for the hot path. */
  lookup(key: string): MemoryHit | undefined {
    const entry = this.native.touch(key) ? this.held.get(key) : undefined;
    if (!entry) {
      this.held.delete(key);
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return entry;
  }

  /** The generic interface hands out bytes (a copy); the hot path uses `lookup`. */
  async get(key: string): Promise<CachedResponse | undefined> {
    const entry = this.lookup(key) as Held | undefined;
    if (!entry) return undefined;
    const body = new Uint8Array(await entry.body.arrayBuffer());
    return { status: entry.status, headers: entry.pairs, body };
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    const size = value.body.length;
    const metaBytes = value.headers.reduce((sum, [n, v]) => sum + n.length + v.length, 0);
    const evicted = size > this.limits.maxCacheItemBytes ? null
      : this.native.admit(key, size, metaBytes, ttlSeconds * 1000);
    if (evicted === null) {
      this.stats.skipped++;
      return;
    }
    for (const gone of evicted) this.held.delete(gone);
    const headers = headersTemplate(value.headers);
    // The one copy: into an immutable Blob that every hit then shares.
    const body = new Blob([value.body]);
    this.held.set(key, { status: value.status, headers, pairs: value.headers, body });
    this.stats.sets++;
  }

  async delete(key: string): Promise<void> {
    this.native.delete(key);
    this.held.delete(key);
  }

  async close(): Promise<void> {
    this.held.clear();
  }

  get usage() {
    return this.native.stats();
  }
}

/** The headers of a hit; values HTTP cannot carry are left out of the template only. */
function headersTemplate(pairs: readonly (readonly [string, string])[]): Headers {
  const headers = new Headers();
  for (const [name, value] of pairs) {
    try {
      headers.append(name, value);
    } catch {
      // Not representable on the wire; the generic `get` still returns it as stored.
    }
  }
  headers.set('x-mort-cache', 'hit');
  return headers;
}
