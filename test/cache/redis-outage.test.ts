import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { RedisResponseCache } from '../../src/cache/index.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { sampleResponse, uniqueKey } from './contract.ts';
import { cacheConfig, openRedisCache } from './redis-harness.ts';

// The cache's own bound is 200 ms; allow for a loaded CI machine on top.
const BOUND_MS = 400;

/** Runs `call` and returns how long it took; fails the test if it throws. */
async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await call();
  return performance.now() - start;
}

describe('redis response cache when Redis fails', () => {
  let redis: RedisServer;
  let cache: RedisResponseCache;

  beforeAll(async () => {
    redis = await startRedis();
    cache = await openRedisCache(cacheConfig('redis', [redis.address]));
  });
  afterAll(async () => {
    await cache.close();
    await redis.stop();
  });

  test('answers within the bound while Redis hangs, as a miss and without throwing', async () => {
    const key = uniqueKey();
    await cache.set(key, sampleResponse(), 60);
    expect(await cache.get(key)).toBeDefined();
    const errors = cache.stats.errors;

    redis.pause();
    try {
      const durations = await Promise.all([
        timed(async () => expect(await cache.get(key)).toBeUndefined()),
        timed(() => cache.set(uniqueKey(), sampleResponse(), 60)),
        timed(() => cache.delete(key)),
      ]);

      expect(Math.max(...durations)).toBeLessThan(BOUND_MS);
      expect(cache.stats.errors).toBe(errors + 3);
    } finally {
      redis.resume();
    }
  });

  test('answers at once while Redis is gone, then works again once it is back', async () => {
    const port = redis.port;
    const key = uniqueKey();

    await redis.stop('SIGKILL');
    const durations = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      timed(async () => {
        if (i % 2 === 0) expect(await cache.get(key)).toBeUndefined();
        else await cache.set(key, sampleResponse(), 60);
      })));
    expect(Math.max(...durations)).toBeLessThan(BOUND_MS);

    redis = await startRedis({ port });
    const deadline = Date.now() + 8000;
    let hit = undefined;
    while (hit === undefined && Date.now() < deadline) {
      await cache.set(key, sampleResponse(), 60);
      hit = await cache.get(key);
      if (hit === undefined) await Bun.sleep(100);
    }

    expect(hit?.body).toEqual(sampleResponse().body);
  });
});
