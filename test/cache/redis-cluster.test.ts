import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { redisCli, startRedisCluster, type RedisCluster } from '../helpers/redis.ts';
import { runCacheContract, sampleResponse, uniqueKey } from './contract.ts';
import { cacheConfig, openRedisCache } from './redis-harness.ts';

describe('redis-cluster response cache', () => {
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  runCacheContract('3-master cluster', {
    open: () => openRedisCache(cacheConfig('redis-cluster', cluster.addresses)),
  });

  test('reaches every master from one seed address, and applies clientConfig on each', async () => {
    const cache = await openRedisCache(cacheConfig('redis-cluster', [cluster.addresses[1]!], {
      clientConfig: { 'maxmemory-policy': 'allkeys-lru' },
    }));
    const keys = Array.from({ length: 60 }, () => uniqueKey());

    await Promise.all(keys.map((key) => cache.set(key, sampleResponse(), 60)));
    const hits = await Promise.all(keys.map((key) => cache.get(key)));
    const sizes = await Promise.all(cluster.ports.map((port) => redisCli(port, 'DBSIZE')));
    const policies = await Promise.all(cluster.ports.map((port) =>
      redisCli(port, 'CONFIG', 'GET', 'maxmemory-policy')));
    await cache.close();

    expect(hits.every((hit) => hit !== undefined)).toBe(true);
    expect(sizes.every((size) => Number(size) > 5)).toBe(true);
    expect(policies.every((reply) => reply.includes('allkeys-lru'))).toBe(true);
  });
});
