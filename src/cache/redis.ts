// Response cache on Redis, a sharded set of Redis nodes, or a Redis Cluster (SPEC §6.8).
// Redis being down or slow costs a request at most `timeoutMs`, then it goes on without the cache.

import type { CacheConfig } from '../config/types.ts';
import { decodeResponse, encodeResponse } from './codec.ts';
import {
  connectRedis,
  luaScript,
  runScript,
  withTimeout,
  type RedisConnectOptions,
  type RedisTarget,
} from './redis-client.ts';
import {
  emptyCacheStats,
  type CachedResponse,
  type CacheStats,
  type ResponseCache,
} from './types.ts';

/** Prefix of every key we write; differs from the reference's `mort-v1:` (other encoding). */
export const REDIS_KEY_PREFIX = 'mort-on-bun-v1:';

export interface RedisCacheOptions extends RedisConnectOptions {
  /** Bodies longer than this many bytes are not stored. */
  readonly maxItemBytes: number;
  /** Fill attempts before an entry is really written; 0 or 1 = write on the first. */
  readonly minUseCount: number;
  /** Bound on one whole call (a `set` may take three commands), in ms. Default 200. */
  readonly timeoutMs?: number;
}

// Counts a fill attempt; the counter expires with the entry it counts for, so attempts on items
// that never get popular do not pile up forever.
const COUNT_ATTEMPT = luaScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`);

export class RedisResponseCache implements ResponseCache {
  readonly stats: CacheStats = emptyCacheStats();
  private readonly timeoutMs: number;
  private closed = false;

  constructor(private readonly target: RedisTarget, private readonly options: RedisCacheOptions) {
    this.timeoutMs = options.timeoutMs ?? 200;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const redisKey = REDIS_KEY_PREFIX + key;
    let raw: Buffer | null = null;

    try {
      if (!this.closed) {
        const client = this.target.clientFor(key);
        raw = await withTimeout(client.getBuffer(redisKey), this.timeoutMs);
      }
    } catch {
      this.stats.errors++;
    }

    const value = raw === null ? undefined : decodeResponse(raw);
    if (value === undefined) {
      this.stats.misses++;
      return undefined;
    }

    this.stats.hits++;
    return value;
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void> {
    const ttlMs = Math.round(ttlSeconds * 1000);
    if (this.closed || ttlMs <= 0 || value.body.length > this.options.maxItemBytes) {
      this.stats.skipped++;
      return;
    }

    try {
      const stored = await withTimeout(this.store(key, value, ttlMs), this.timeoutMs);
      if (stored) this.stats.sets++;
      else this.stats.skipped++;
    } catch {
      this.stats.errors++;
    }
  }

  async delete(key: string): Promise<void> {
    if (this.closed) return;

    try {
      const client = this.target.clientFor(key);
      await withTimeout(client.del(REDIS_KEY_PREFIX + key), this.timeoutMs);
    } catch {
      this.stats.errors++;
    }
  }

  /** True once connected to every node; false after `timeoutMs`. Calls work without waiting. */
  ready(timeoutMs: number): Promise<boolean> {
    return this.target.ready(timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;

    this.closed = true;
    await this.target.close();
  }

  /** Resolves true when written, false when `minUseCount` is not reached yet. */
  private async store(key: string, value: CachedResponse, ttlMs: number): Promise<boolean> {
    const client = this.target.clientFor(key);
    const redisKey = REDIS_KEY_PREFIX + key;
    const countKey = `${REDIS_KEY_PREFIX}count:${key}`;
    const counted = this.options.minUseCount > 1;

    if (counted) {
      const attempts = Number(await runScript(client, COUNT_ATTEMPT, [countKey], [ttlMs]));
      if (attempts < this.options.minUseCount) return false;
    }

    await client.set(redisKey, encodeResponse(value), 'PX', ttlMs);
    if (counted) await client.del(countKey);

    return true;
  }
}

/** A Redis response cache for `server.cache` with `type: redis | redis-cluster`. */
export function createRedisResponseCache(
  config: CacheConfig,
  options: RedisConnectOptions & { timeoutMs?: number } = {},
): RedisResponseCache {
  const kind = config.type === 'redis-cluster' ? 'redis-cluster' : 'redis';
  const target = connectRedis(kind, config.address, config.clientConfig, options);

  return new RedisResponseCache(target, {
    ...options,
    maxItemBytes: config.maxCacheItemBytes,
    minUseCount: config.minUseCount,
  });
}
