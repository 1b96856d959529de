// Behaviour every Redis lock deployment shares (single node, cluster): several instances, each
// with its own connections, contend for the same keys.

import { afterEach, describe, expect, test } from 'bun:test';
import type { LockConfig } from '../../src/config/types.ts';
import {
  createLock,
  LOCK_KEY_PREFIX,
  type LockAcquired,
  type LockBusy,
  type RedisLock,
  type WaitOutcome,
} from '../../src/lock/index.ts';

export interface LockHarness {
  config(): LockConfig;
  /** Milliseconds the key of `key` has left, via redis-cli; -2 when it does not exist. */
  pttl(key: string): Promise<number>;
}

interface Rendered {
  readonly body: Uint8Array;
}

let keySeq = 0;
export function uniqueLockKey(): string {
  return `bucket/lock/${process.pid}-${Date.now()}-${keySeq++}.jpg`;
}

export async function openRedisLock(
  config: LockConfig,
  lockTimeoutMs: number,
  options: { pollIntervalMs?: number } = {},
): Promise<RedisLock<Rendered>> {
  const lock = createLock<Rendered>(config, lockTimeoutMs / 1000, options) as RedisLock<Rendered>;
  if (!(await lock.ready(5000))) throw new Error('redis lock did not connect');
  return lock;
}

export function runRedisLockSuite(name: string, harness: LockHarness): void {
  describe(`${name}: redis lock`, () => {
    const opened: RedisLock<Rendered>[] = [];
    const open = async (lockTimeoutMs: number, options: { pollIntervalMs?: number } = {}) => {
      const lock = await openRedisLock(harness.config(), lockTimeoutMs, options);
      opened.push(lock);
      return lock;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((lock) => lock.close()));
    });

    test('lets one of 20 callers on 3 instances in, and wakes the rest on release', async () => {
      // Polling is slowed right down so only the release message can wake waiters in time.
      const locks = await Promise.all([0, 1, 2].map(() => open(5000, { pollIntervalMs: 60_000 })));
      const key = uniqueLockKey();
      const handles = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        locks[i % 3]!.acquire(key)));
      const winners = handles.filter((h): h is LockAcquired<Rendered> => h.acquired);
      const waiters = handles.filter((h): h is LockBusy<Rendered> => !h.acquired);

      expect(winners.length).toBe(1);
      expect(waiters.length).toBe(19);

      const started = performance.now();
      const waits = waiters.map((waiter) => waiter.wait(4000));
      await Bun.sleep(100);
      const result = { body: new Uint8Array([7]) };
      await winners[0]!.release(result);
      const outcomes: WaitOutcome<Rendered>[] = await Promise.all(waits);

      expect(outcomes.every((outcome) => outcome.status === 'notified')).toBe(true);
      expect(performance.now() - started).toBeLessThan(1500);
      // Waiters on the winner's instance get the result object; the others only the news.
      const shared = outcomes.filter((o) => o.status === 'notified' && o.result === result);
      expect(shared.length).toBeGreaterThanOrEqual(1);
      expect(shared.length).toBeLessThan(19);
      expect(await harness.pttl(LOCK_KEY_PREFIX + key)).toBe(-2);
      expect(locks.reduce((sum, lock) => sum + lock.stats.collapsed, 0)).toBe(19);
    });

    test('keeps the lock past its TTL while held, and frees it on release', async () => {
      const [holder, other] = await Promise.all([open(400), open(400)]);
      const key = uniqueLockKey();
      const held = await holder.acquire(key);

      await Bun.sleep(1000);
      const during = await other.acquire(key);
      const ttl = await harness.pttl(LOCK_KEY_PREFIX + key);
      if (held.acquired) await held.release();
      const after = await other.acquire(key);
      if (after.acquired) await after.release();

      expect(held.acquired).toBe(true);
      expect(during.acquired).toBe(false);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(400);
      expect(after.acquired).toBe(true);
    });

    test('times out a waiter when the winner never releases', async () => {
      const [holder, other] = await Promise.all([open(5000), open(5000)]);
      const key = uniqueLockKey();
      const held = await holder.acquire(key);
      const busy = await other.acquire(key);

      expect(held.acquired).toBe(true);
      if (busy.acquired) throw new Error('expected the lock to be busy');
      expect(await busy.wait(300)).toEqual({ status: 'timeout' });
      expect(other.stats.timeouts).toBe(1);
    });

    test('notices by polling when a crashed winner lets the lock expire', async () => {
      const holder = await open(300);
      const other = await open(300, { pollIntervalMs: 50 });
      const key = uniqueLockKey();
      expect((await holder.acquire(key)).acquired).toBe(true);
      await holder.close(); // refresh stops; nothing is published

      const busy = await other.acquire(key);
      if (busy.acquired) throw new Error('expected the lock to be busy');
      const started = performance.now();

      expect(await busy.wait(3000)).toEqual({ status: 'notified', result: undefined });
      expect(performance.now() - started).toBeLessThan(1000);
    });

    test('keeps equal object keys of different buckets apart', async () => {
      const [one, two] = await Promise.all([open(5000), open(5000)]);
      const first = await one.acquire('alpha/same.jpg');
      const second = await two.acquire('beta/same.jpg');

      expect(first.acquired && second.acquired).toBe(true);
      if (first.acquired) await first.release();
      if (second.acquired) await second.release();
    });
  });
}
