// Builds Redis response caches for tests from a node list, as the config loader would.

import { createRedisResponseCache, type RedisResponseCache } from '../../src/cache/index.ts';
import type { CacheConfig } from '../../src/config/types.ts';
import { CONTRACT_MAX_ITEM_BYTES } from './contract.ts';

export function cacheConfig(
  type: CacheConfig['type'],
  address: readonly string[],
  overrides: Partial<CacheConfig> = {},
): CacheConfig {
  return {
    type,
    address,
    cacheSize: 0,
    maxCacheItemSizeMB: 1,
    maxCacheItemBytes: CONTRACT_MAX_ITEM_BYTES,
    minUseCount: 0,
    clientConfig: {},
    ...overrides,
  };
}

/** Resolves once connected to every node. */
export async function openRedisCache(config: CacheConfig): Promise<RedisResponseCache> {
  const cache = createRedisResponseCache(config);
  if (!(await cache.ready(5000))) throw new Error('redis cache did not connect');
  return cache;
}
