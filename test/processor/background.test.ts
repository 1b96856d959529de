// Background work is bounded: beyond the limit tasks are skipped and counted, failures logged.
import { expect, test } from 'bun:test';
import { BackgroundQueue } from '../../src/processor/background.ts';
import { Throttle } from '../../src/processor/throttle.ts';

test('a full background queue skips and counts new tasks', async () => {
  const queue = new BackgroundQueue(2);
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => { finish = resolve; });
  expect(queue.run('a', () => gate)).toBe(true);
  expect(queue.run('b', () => gate)).toBe(true);
  expect(queue.run('c', () => gate)).toBe(false);
  expect([queue.pending, queue.skipped]).toEqual([2, 1]);
  finish();
  await queue.idle();
  expect(queue.pending).toBe(0);
  expect(queue.run('d', () => Promise.reject(new Error('boom')))).toBe(true);
  await queue.idle();
  expect(queue.failed).toBe(1);
});

test('the throttle runs a few, queues a bounded number in order, refuses the rest', async () => {
  const throttle = new Throttle(1, 2, 1000);
  const order: number[] = [];
  const first = await throttle.acquire();
  const waiting = [1, 2].map((n) => throttle.acquire().then((release) => {
    order.push(n);
    release();
  }));
  await expect(throttle.acquire()).rejects.toMatchObject({ status: 503 });
  first();
  await Promise.all(waiting);
  expect(order).toEqual([1, 2]);
  expect(throttle.active).toBe(0);
});

test('a waiter gives up after the maximum wait', async () => {
  const throttle = new Throttle(1, 1, 50);
  const held = await throttle.acquire();
  await expect(throttle.acquire()).rejects.toMatchObject({ status: 503 });
  held();
});
