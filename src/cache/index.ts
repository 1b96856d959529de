// Public surface of the response cache (SPEC §6.8) and of the Redis connections it shares with
// src/lock/.

export type { CachedResponse, CacheStats, ResponseCache } from './types.ts';
export { emptyCacheStats, responseCacheKey } from './types.ts';
export { decodeResponse, encodeResponse } from './codec.ts';
export {
  createRedisResponseCache,
  REDIS_KEY_PREFIX,
  RedisResponseCache,
  type RedisCacheOptions,
} from './redis.ts';
export {
  closeClient,
  connectRedis,
  luaScript,
  nodeOptions,
  parseRedisAddress,
  RedisTimeoutError,
  runScript,
  withTimeout,
  type LuaScript,
  type RedisClient,
  type RedisConnectOptions,
  type RedisKind,
  type RedisTarget,
} from './redis-client.ts';
