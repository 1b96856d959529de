import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { LockConfig } from '../../src/config/types.ts';
import { isMortError } from '../../src/errors.ts';
import { RELEASE_CHANNEL_PREFIX, type LockBusy } from '../../src/lock/index.ts';
import { redisCli, startRedis, type RedisServer } from '../helpers/redis.ts';
import { openRedisLock, runRedisLockSuite, uniqueLockKey } from './redis-suite.ts';

describe('redis lock on single nodes', () => {
  let redis: RedisServer;
  let shards: RedisServer[];
  const config = (addresses: string[]): LockConfig =>
    ({ type: 'redis', address: addresses, clientConfig: {} });

  beforeAll(async () => {
    [redis, ...shards] = await Promise.all([startRedis(), startRedis(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([redis, ...shards].map((node) => node.stop()));
  });

  runRedisLockSuite('single node', {
    config: () => config([redis.address]),
    pttl: async (key) => Number(await redisCli(redis.port, 'PTTL', key)),
  });

  runRedisLockSuite('two sharded nodes', {
    config: () => config(shards.map((node) => node.address)),
    pttl: async (key) => {
      const ttls = await Promise.all(shards.map((node) => redisCli(node.port, 'PTTL', key)));
      return Math.max(...ttls.map(Number));
    },
  });

  test('subscribes once per instance however many waiters, and unsubscribes after', async () => {
    const [holder, other] = await Promise.all([
      openRedisLock(config([redis.address]), 5000),
      openRedisLock(config([redis.address]), 5000),
    ]);
    const key = uniqueLockKey();
    const channel = RELEASE_CHANNEL_PREFIX + key;
    const held = await holder.acquire(key);
    const busy = await Promise.all(Array.from({ length: 10 }, () => other.acquire(key)));
    const waits = (busy as LockBusy<unknown>[]).map((handle) => handle.wait(3000));

    await Bun.sleep(100);
    const during = await redisCli(redis.port, 'PUBSUB', 'NUMSUB', channel);
    if (held.acquired) await held.release();
    await Promise.all(waits);
    await Bun.sleep(50);
    const after = await redisCli(redis.port, 'PUBSUB', 'NUMSUB', channel);
    await Promise.all([holder.close(), other.close()]);

    expect(during.split('\n')[1]).toBe('1');
    expect(after.split('\n')[1]).toBe('0');
  });

  test('fails acquire fast with a 500 while Redis is down, and recovers after', async () => {
    const node = await startRedis();
    const lock = await openRedisLock(config([node.address]), 5000);
    const port = node.port;

    await node.stop();
    const started = performance.now();
    const failure = await lock.acquire(uniqueLockKey()).catch((err: unknown) => err);
    const elapsed = performance.now() - started;

    expect(isMortError(failure) && failure.status === 500).toBe(true);
    expect(elapsed).toBeLessThan(400);

    const restarted = await startRedis({ port });
    const deadline = Date.now() + 8000;
    let acquired = false;
    while (!acquired && Date.now() < deadline) {
      acquired = await lock.acquire(uniqueLockKey()).then((h) => h.acquired, () => false);
      if (!acquired) await Bun.sleep(100);
    }
    await lock.close();
    await restarted.stop();

    expect(acquired).toBe(true);
  });
});
