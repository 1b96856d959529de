// releaseMemory gives idle output blocks back and leaves the engine working.
import { expect, test } from 'bun:test';
import { poolStats, releaseMemory, render } from '../../src/engine/index.ts';
import { fixture } from '../helpers/images.ts';

test('idle output blocks are freed and renders still work afterwards', async () => {
  const input = await fixture('coffee.jpg');
  // Blocks go back to the pool when their Buffers are collected.
  for (let i = 0; i < 50 && poolStats().pooledBlocks === 0; i++) {
    await renderAndDrop(input);
    Bun.gc(true);
    await Bun.sleep(10);
  }
  const pooled = poolStats().pooledBytes;
  expect(pooled).toBeGreaterThan(0);

  const released = releaseMemory();
  expect(released.pooledBytes).toBe(pooled);
  expect(released.vipsTrackedBytes).toBeGreaterThanOrEqual(0);
  expect(poolStats().pooledBlocks).toBe(0);
  expect(poolStats().pooledBytes).toBe(0);

  const again = await render(input, { records: [{ width: 120 }], output: { format: 'jpeg' } });
  expect(again.width).toBe(120);
  expect(again.data[0]).toBe(0xff);
});

async function renderAndDrop(input: Uint8Array): Promise<void> {
  const outputs = await Promise.all(Array.from({ length: 4 }, () =>
    render(input, { records: [{ width: 400 }], output: { format: 'png' } })));
  expect(outputs.every((output) => output.width === 400)).toBe(true);
}
