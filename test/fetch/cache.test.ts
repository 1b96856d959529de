import { afterEach, describe, expect, test } from 'bun:test';
import {
  fetchWatermark,
  WatermarkCache,
  type WatermarkFetchOptions,
} from '../../src/fetch/index.ts';
import {
  expectRefusal,
  type Origin,
  patternBytes,
  sleep,
  startOrigin,
  stopAll,
} from './helpers.ts';

const origins: Origin[] = [];
afterEach(() => stopAll(origins));

const image = patternBytes(500);

function slowOrigin(delayMs: number): Origin {
  const o = startOrigin(async () => {
    await sleep(delayMs);
    return new Response(image);
  });
  origins.push(o);
  return o;
}

describe('fetchWatermark caching', () => {
  test('serves a repeated source from the cache', async () => {
    const o = slowOrigin(0);
    const opts: WatermarkFetchOptions = {
      fromQuery: true,
      allow: [o.hostPort],
      cache: new WatermarkCache(),
    };

    expect(await fetchWatermark(`${o.base}/w.png`, opts)).toEqual(image);
    expect(await fetchWatermark(`${o.base}/w.png`, opts)).toEqual(image);
    expect(o.requests).toHaveLength(1);

    await fetchWatermark(`${o.base}/other.png`, opts);
    expect(o.requests).toHaveLength(2);
  });

  test('concurrent requests for one source share a single fetch', async () => {
    const o = slowOrigin(100);
    const opts: WatermarkFetchOptions = {
      fromQuery: true,
      allow: [o.hostPort],
      cache: new WatermarkCache(),
    };

    const results = await Promise.all(
      Array.from({ length: 5 }, () => fetchWatermark(`${o.base}/w.png`, opts)),
    );

    for (const bytes of results) expect(bytes).toEqual(image);
    expect(o.requests).toHaveLength(1);
  });

  test('callers get independent copies', async () => {
    const o = slowOrigin(0);
    const opts: WatermarkFetchOptions = {
      fromQuery: false,
      allow: [],
      cache: new WatermarkCache(),
    };

    const first = await fetchWatermark(`${o.base}/w.png`, opts);
    first.fill(0);

    expect(await fetchWatermark(`${o.base}/w.png`, opts)).toEqual(image);
  });

  test('does not cache failures', async () => {
    let isFailing = true;
    const o = startOrigin(() =>
      isFailing ? new Response('no', { status: 503 }) : new Response(image),
    );
    origins.push(o);
    const opts: WatermarkFetchOptions = {
      fromQuery: true,
      allow: [o.hostPort],
      cache: new WatermarkCache(),
    };

    await expectRefusal(fetchWatermark(`${o.base}/w.png`, opts), 'watermark could not be fetched');
    isFailing = false;

    expect(await fetchWatermark(`${o.base}/w.png`, opts)).toEqual(image);
  });

  test('a cached preset URL is not served to a query for the same URL', async () => {
    const o = slowOrigin(0);
    const cache = new WatermarkCache();

    await fetchWatermark(`${o.base}/w.png`, { fromQuery: false, allow: [], cache });

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, { fromQuery: true, allow: [], cache }),
      'watermark source not allowed',
    );
  });

  test('caches relative sources per cacheScope only', async () => {
    const seen: string[] = [];
    const readRelative = async (path: string) => {
      seen.push(path);
      return image;
    };
    const cache = new WatermarkCache();
    const base = { fromQuery: true, allow: [], cache, readRelative };

    await fetchWatermark('wm.png', base);
    await fetchWatermark('wm.png', base);
    expect(seen).toHaveLength(2);

    await fetchWatermark('wm.png', { ...base, cacheScope: 'bucket-a' });
    await fetchWatermark('wm.png', { ...base, cacheScope: 'bucket-a' });
    await fetchWatermark('wm.png', { ...base, cacheScope: 'bucket-b' });
    expect(seen).toHaveLength(4);
  });

  test('a cached entry over the caller’s own maxBytes is refused', async () => {
    const o = slowOrigin(0);
    const cache = new WatermarkCache();

    await fetchWatermark(`${o.base}/w.png`, { fromQuery: false, allow: [], cache });

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, { fromQuery: false, allow: [], cache, maxBytes: 100 }),
      'watermark too large',
    );
  });
});

describe('WatermarkCache', () => {
  const bytes = (n: number) => async () => new Uint8Array(n);

  test('evicts the least recently used entry past maxEntries', async () => {
    const cache = new WatermarkCache({ maxEntries: 2 });
    let loads = 0;
    const counted = async () => {
      loads++;
      return new Uint8Array(1);
    };

    await cache.getOrLoad('a', counted);
    await cache.getOrLoad('b', counted);
    await cache.getOrLoad('a', counted);
    await cache.getOrLoad('c', counted);
    expect(loads).toBe(3);

    await cache.getOrLoad('a', counted);
    expect(loads).toBe(3);
    await cache.getOrLoad('b', counted);
    expect(loads).toBe(4);
  });

  test('keeps the total size under maxTotalBytes and skips entries larger than it', async () => {
    const cache = new WatermarkCache({ maxTotalBytes: 100 });

    await cache.getOrLoad('a', bytes(60));
    await cache.getOrLoad('b', bytes(60));
    expect(cache.size).toBe(1);

    await cache.getOrLoad('huge', bytes(101));
    expect(cache.size).toBe(1);
  });

  test('expires entries after ttlMs', async () => {
    let now = 1_000;
    const cache = new WatermarkCache({ ttlMs: 5_000, now: () => now });
    let loads = 0;
    const counted = async () => {
      loads++;
      return new Uint8Array(1);
    };

    await cache.getOrLoad('a', counted);
    now += 4_999;
    await cache.getOrLoad('a', counted);
    expect(loads).toBe(1);

    now += 1;
    await cache.getOrLoad('a', counted);
    expect(loads).toBe(2);
  });

  test('shares a failing load with every waiter and then forgets it', async () => {
    const cache = new WatermarkCache();
    let loads = 0;
    const failing = async (): Promise<Uint8Array> => {
      loads++;
      await sleep(10);
      throw new Error('boom');
    };

    const outcomes = await Promise.allSettled([
      cache.getOrLoad('a', failing),
      cache.getOrLoad('a', failing),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(loads).toBe(1);
    await cache.getOrLoad('a', bytes(1));
    expect(cache.size).toBe(1);
  });
});
