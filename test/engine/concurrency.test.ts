// Renders run on worker threads: the JavaScript thread stays free while they work.
import { expect, test } from 'bun:test';
import { poolStats, render } from '../../src/engine/index.ts';
import { fixture } from '../helpers/images.ts';

test('200 concurrent renders complete while a timer keeps firing', async () => {
  const input = await fixture('coffee.jpg');
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = performance.now();

  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    render(input, { records: [{ width: 100 + (i % 50) }], output: { format: 'webp' } })));
  const elapsed = performance.now() - started;
  clearInterval(timer);

  expect(results.every((r, i) => r.width === 100 + (i % 50) && r.format === 'webp')).toBe(true);
  // A blocked event loop would fire the timer a handful of times at most.
  expect(ticks).toBeGreaterThan(Math.floor(elapsed / 5 / 4));
  expect(poolStats().acquisitions).toBeGreaterThanOrEqual(200);
});
