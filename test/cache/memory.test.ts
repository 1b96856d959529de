// The native memory cache: size-aware LRU outside the JavaScript heap, TTL, no copy on hits.
import { describe, expect, test } from 'bun:test';
import { MemoryResponseCache } from '../../src/cache/memory.ts';

const entry = (size: number, fill = 1) =>
  ({ status: 200, headers: [['content-type', 'image/jpeg']] as [string, string][],
    body: new Uint8Array(size).fill(fill) });

describe('memory response cache', () => {
  test('round trip keeps status, headers and bytes', async () => {
    const cache = new MemoryResponseCache({ cacheSize: 100_000, maxCacheItemBytes: 50_000 });
    await cache.set('media/a.jpg', entry(1000, 7), 60);
    const hit = await cache.get('media/a.jpg');
    expect(hit?.status).toBe(200);
    expect(hit?.headers).toEqual([['content-type', 'image/jpeg']]);
    expect(hit?.body.length).toBe(1000);
    expect(hit?.body[999]).toBe(7);
    expect(cache.stats).toMatchObject({ hits: 1, sets: 1 });
  });

  test('hits share one immutable body instead of copying it', async () => {
    const cache = new MemoryResponseCache({ cacheSize: 100_000, maxCacheItemBytes: 50_000 });
    await cache.set('k', entry(64, 1), 60);
    const first = cache.lookup('k')!;
    const second = cache.lookup('k')!;
    expect(second.body).toBe(first.body);
    expect(first.body.size).toBe(64);
    // Response copies the headers template, so the next hit starts clean.
    new Response(first.body, { headers: first.headers }).headers.set('x-extra', '1');
    expect(cache.lookup('k')!.headers.has('x-extra')).toBe(false);
  });

  test('evicts least recently used entries to stay within cacheSize bytes', async () => {
    // Each entry: 1000 body + ~40 meta + key + 350 overhead ≈ 1400 bytes; three fit in 4500.
    const cache = new MemoryResponseCache({ cacheSize: 4500, maxCacheItemBytes: 10_000 });
    await cache.set('a', entry(1000), 60);
    await cache.set('b', entry(1000), 60);
    await cache.set('c', entry(1000), 60);
    await cache.get('a');
    await cache.set('d', entry(1000), 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('d')).toBeDefined();
    expect(cache.usage.usedBytes).toBeLessThanOrEqual(4500);
    expect(cache.usage.evictions).toBe(1);
  });

  test('items above the item limit or the whole budget are skipped', async () => {
    // 1400 bytes pass the item limit, but with headers, key and overhead not the budget.
    const cache = new MemoryResponseCache({ cacheSize: 1500, maxCacheItemBytes: 1500 });
    await cache.set('big', entry(1600), 60);
    await cache.set('fits-item-not-budget', entry(1400), 60);
    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.get('fits-item-not-budget')).toBeUndefined();
    expect(cache.stats.skipped).toBe(2);
  });

  test('entries expire after their TTL', async () => {
    const cache = new MemoryResponseCache({ cacheSize: 100_000, maxCacheItemBytes: 50_000 });
    await cache.set('short', entry(10), 0.05);
    expect(await cache.get('short')).toBeDefined();
    await Bun.sleep(80);
    expect(await cache.get('short')).toBeUndefined();
    expect(cache.usage.entries).toBe(0);
  });

  test('delete drops an entry', async () => {
    const cache = new MemoryResponseCache({ cacheSize: 100_000, maxCacheItemBytes: 50_000 });
    await cache.set('x', entry(10), 60);
    await cache.delete('x');
    expect(await cache.get('x')).toBeUndefined();
  });
});
