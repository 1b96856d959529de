import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { REDIS_KEY_PREFIX, type RedisResponseCache } from '../../src/cache/index.ts';
import { redisCli, startRedis, type RedisServer } from '../helpers/redis.ts';
import { runCacheContract, sampleResponse, uniqueKey } from './contract.ts';
import { cacheConfig, openRedisCache } from './redis-harness.ts';

describe('redis response cache', () => {
  let nodes: RedisServer[] = [];

  beforeAll(async () => {
    nodes = await Promise.all([startRedis(), startRedis(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  });

  runCacheContract('single node', {
    open: () => openRedisCache(cacheConfig('redis', [nodes[0]!.address])),
  });

  runCacheContract('two sharded nodes', {
    open: () => openRedisCache(cacheConfig('redis', [nodes[1]!.address, nodes[2]!.address])),
  });

  describe('on one node', () => {
    let cache: RedisResponseCache;

    beforeAll(async () => {
      cache = await openRedisCache(cacheConfig('redis', [nodes[0]!.address], {
        minUseCount: 3,
        clientConfig: { 'maxmemory-policy': 'allkeys-lru', 'no-such-setting': 'x' },
      }));
    });
    afterAll(async () => {
      await cache.close();
    });

    test('stores raw bytes under the mort-on-bun-v1: prefix, body last', async () => {
      const plain = await openRedisCache(cacheConfig('redis', [nodes[0]!.address]));
      const key = uniqueKey();
      const body = new TextEncoder().encode('BODY-BYTES');

      await plain.set(key, sampleResponse(body), 60);
      await plain.close();
      const stored = await redisCli(nodes[0]!.port, '--no-raw', 'GET', REDIS_KEY_PREFIX + key);

      expect(stored.endsWith('BODY-BYTES"')).toBe(true);
      expect(Number(await redisCli(nodes[0]!.port, 'PTTL', REDIS_KEY_PREFIX + key)))
        .toBeGreaterThan(50_000);
    });

    test('writes only on the minUseCount-th fill attempt, then drops the counter', async () => {
      const key = uniqueKey();
      const countKey = `${REDIS_KEY_PREFIX}count:${key}`;

      await cache.set(key, sampleResponse(), 60);
      await cache.set(key, sampleResponse(), 60);
      expect(await cache.get(key)).toBeUndefined();
      expect(await redisCli(nodes[0]!.port, 'GET', countKey)).toBe('2');
      expect(Number(await redisCli(nodes[0]!.port, 'PTTL', countKey))).toBeGreaterThan(0);

      await cache.set(key, sampleResponse(), 60);
      expect(await cache.get(key)).toBeDefined();
      expect(await redisCli(nodes[0]!.port, 'EXISTS', countKey)).toBe('0');
    });

    test('sends clientConfig as CONFIG SET on connect, ignoring rejected settings', async () => {
      const reply = await redisCli(nodes[0]!.port, 'CONFIG', 'GET', 'maxmemory-policy');

      expect(reply).toContain('allkeys-lru');
      expect(await cache.get(uniqueKey())).toBeUndefined();
      await redisCli(nodes[0]!.port, 'CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    });

    test('round-trips a 1 MiB body without base64', async () => {
      const big = await openRedisCache(cacheConfig('redis', [nodes[0]!.address], {
        maxCacheItemBytes: 2 * 1024 * 1024,
      }));
      const key = uniqueKey();
      const body = crypto.getRandomValues(new Uint8Array(1024 * 1024));

      await big.set(key, sampleResponse(body), 60);
      const hit = await big.get(key);
      const length = Number(await redisCli(nodes[0]!.port, 'STRLEN', REDIS_KEY_PREFIX + key));
      await big.close();

      expect(hit?.body).toEqual(body);
      expect(length).toBeLessThan(body.length + 300);
    });

    test('treats an undecodable value as a miss', async () => {
      const key = uniqueKey();

      await redisCli(nodes[0]!.port, 'SET', REDIS_KEY_PREFIX + key, 'not an entry');

      expect(await cache.get(key)).toBeUndefined();
    });
  });

  test('spreads keys over both shards, and another client finds each of them', async () => {
    const addresses = [nodes[1]!.address, nodes[2]!.address];
    const writer = await openRedisCache(cacheConfig('redis', addresses));
    const reader = await openRedisCache(cacheConfig('redis', addresses));
    const keys = Array.from({ length: 60 }, () => uniqueKey());
    const before = await Promise.all([nodes[1]!, nodes[2]!].map((n) => redisCli(n.port, 'DBSIZE')));

    await Promise.all(keys.map((key) => writer.set(key, sampleResponse(), 60)));
    const hits = await Promise.all(keys.map((key) => reader.get(key)));
    const after = await Promise.all([nodes[1]!, nodes[2]!].map((n) => redisCli(n.port, 'DBSIZE')));
    await Promise.all([writer.close(), reader.close()]);

    expect(hits.every((hit) => hit !== undefined)).toBe(true);
    const added = after.map((size, i) => Number(size) - Number(before[i]));
    expect(added[0]! + added[1]!).toBe(60);
    expect(Math.min(...added)).toBeGreaterThan(10);
  });
});
