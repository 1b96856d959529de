// Public surface of the request-collapsing lock (SPEC §6.5).

import { connectRedis, type RedisConnectOptions } from '../cache/index.ts';
import type { LockConfig } from '../config/types.ts';
import { MemoryLock } from './memory.ts';
import { RedisLock, type RedisLockOptions } from './redis.ts';
import type { Lock } from './types.ts';

export type { Lock, LockAcquired, LockBusy, LockStats, WaitOutcome } from './types.ts';
export { collapseKey, emptyLockStats } from './types.ts';
export { MemoryLock } from './memory.ts';
export {
  LOCK_KEY_PREFIX,
  RedisLock,
  RELEASE_CHANNEL_PREFIX,
  type RedisLockOptions,
} from './redis.ts';

/**
 * The lock for `server.lock`. `lockTimeoutSeconds` is `server.lockTimeout`: the Redis lock TTL.
 * A Redis lock connects in the background; acquires fail with a 500 until it is up.
 */
export function createLock<T>(
  config: LockConfig,
  lockTimeoutSeconds: number,
  options: RedisConnectOptions & Omit<RedisLockOptions, 'lockTimeoutMs'> = {},
): Lock<T> {
  if (config.type === 'memory') return new MemoryLock<T>();

  const target = connectRedis(config.type, config.address, config.clientConfig, options);
  return new RedisLock<T>(target, { ...options, lockTimeoutMs: lockTimeoutSeconds * 1000 });
}
