import { describe, expect, test } from 'bun:test';
import { collapseKey, MemoryLock } from '../../src/lock/index.ts';

describe('memory lock', () => {
  test('lets the first caller in and hands its result object itself to every waiter', async () => {
    const lock = new MemoryLock<{ body: Uint8Array }>();
    const first = await lock.acquire('media/a.jpg');
    const others = await Promise.all(Array.from({ length: 5 }, () => lock.acquire('media/a.jpg')));
    const result = { body: new Uint8Array([1, 2, 3]) };

    expect(first.acquired).toBe(true);
    expect(others.every((other) => !other.acquired)).toBe(true);

    const waits = others.map((other) => (other.acquired ? undefined : other.wait(1000)));
    if (first.acquired) await first.release(result);
    const outcomes = await Promise.all(waits);

    for (const outcome of outcomes) {
      expect(outcome?.status).toBe('notified');
      if (outcome?.status === 'notified') expect(outcome.result).toBe(result);
    }
    expect(lock.stats).toMatchObject({ acquired: 1, collapsed: 5, notified: 5, timeouts: 0 });
    expect(lock.size).toBe(0);
  });

  test('wakes a waiter that starts waiting after the release', async () => {
    const lock = new MemoryLock<string>();
    const first = lock.acquireNow('k');
    const second = lock.acquireNow('k');

    if (first.acquired) await first.release('done');

    expect(second.acquired).toBe(false);
    if (!second.acquired) {
      expect(await second.wait(1000)).toEqual({ status: 'notified', result: 'done' });
    }
  });

  test('reports notified without a result when the winner shares nothing', async () => {
    const lock = new MemoryLock<string>();
    const first = lock.acquireNow('k');
    const second = lock.acquireNow('k');
    const waiting = second.acquired ? undefined : second.wait(1000);

    if (first.acquired) await first.release();

    expect(await waiting).toEqual({ status: 'notified', result: undefined });
  });

  test('times out when the winner never releases, and stops waiting on abort', async () => {
    const lock = new MemoryLock<string>();
    lock.acquireNow('k');
    const second = lock.acquireNow('k');
    const third = lock.acquireNow('k');
    const controller = new AbortController();

    if (second.acquired || third.acquired) throw new Error('expected both to wait');
    const aborted = third.wait(5000, controller.signal);
    controller.abort();

    expect(await second.wait(50)).toEqual({ status: 'timeout' });
    expect(await aborted).toEqual({ status: 'aborted' });
    expect(lock.stats.timeouts).toBe(1);
  });

  test('frees the key on release, and a second release does not free a newer holder', async () => {
    const lock = new MemoryLock<string>();
    const first = lock.acquireNow('k');
    if (first.acquired) await first.release('a');
    const second = lock.acquireNow('k');
    if (first.acquired) await first.release('again');

    expect(second.acquired).toBe(true);
    expect(lock.acquireNow('k').acquired).toBe(false);
  });

  test('keeps equal keys of different buckets apart', () => {
    const lock = new MemoryLock<string>();

    expect(lock.acquireNow(collapseKey('one', '/same.jpg')).acquired).toBe(true);
    expect(lock.acquireNow(collapseKey('two', '/same.jpg')).acquired).toBe(true);
  });
});
