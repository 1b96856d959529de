// The contract every response cache backend passes (STYLE §23): round trips, expiry, deletion
// and the item size limit. Each backend's test file calls runCacheContract with a factory.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { CachedResponse, ResponseCache } from '../../src/cache/index.ts';

/** Item size limit the factory must apply. */
export const CONTRACT_MAX_ITEM_BYTES = 64 * 1024;

export interface CacheHarness {
  /** A fresh cache with `maxItemBytes = CONTRACT_MAX_ITEM_BYTES` and no use-count threshold. */
  open(): Promise<ResponseCache>;
}

/** Every byte value, so an encoding that mangles any of them shows up. */
export function allBytes(length = 1024): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
}

export function sampleResponse(body = allBytes()): CachedResponse {
  return {
    status: 200,
    headers: [
      ['content-type', 'image/webp'],
      ['cache-control', 'max-age=60'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['x-note', 'naïve ✓'],
    ],
    body,
  };
}

let keySeq = 0;
/** A key no earlier test used, shaped like `responseCacheKey` output. */
export function uniqueKey(): string {
  return `bucket/img/${process.pid}-${Date.now()}-${keySeq++}.jpg`;
}

export function runCacheContract(name: string, harness: CacheHarness): void {
  describe(`${name}: response cache contract`, () => {
    let cache: ResponseCache;

    beforeAll(async () => {
      cache = await harness.open();
    });
    afterAll(async () => {
      await cache.close();
    });

    test('returns undefined for a key never stored, counted as a miss', async () => {
      const misses = cache.stats.misses;

      expect(await cache.get(uniqueKey())).toBeUndefined();
      expect(cache.stats.misses).toBe(misses + 1);
    });

    test('returns status, repeated headers and every body byte as stored', async () => {
      const key = uniqueKey();
      const value = sampleResponse();

      await cache.set(key, value, 60);
      const hit = await cache.get(key);

      expect(hit?.status).toBe(200);
      expect(hit?.headers).toEqual(value.headers);
      expect(hit?.body).toEqual(value.body);
      expect(cache.stats.hits).toBeGreaterThan(0);
      expect(cache.stats.sets).toBeGreaterThan(0);
    });

    test('keeps non-200 statuses and empty bodies', async () => {
      const key = uniqueKey();

      await cache.set(key, { status: 206, headers: [], body: new Uint8Array(0) }, 60);
      const hit = await cache.get(key);

      expect(hit?.status).toBe(206);
      expect(hit?.body.length).toBe(0);
    });

    test('treats keys that differ only by range as different entries', async () => {
      const key = uniqueKey();

      await cache.set(key, sampleResponse(new Uint8Array([1])), 60);
      await cache.set(`${key}\nbytes=0-0`, sampleResponse(new Uint8Array([2])), 60);

      expect((await cache.get(key))?.body).toEqual(new Uint8Array([1]));
      expect((await cache.get(`${key}\nbytes=0-0`))?.body).toEqual(new Uint8Array([2]));
    });

    test('forgets an entry once its TTL has passed', async () => {
      const key = uniqueKey();

      await cache.set(key, sampleResponse(), 0.3);
      expect(await cache.get(key)).toBeDefined();

      await Bun.sleep(450);
      expect(await cache.get(key)).toBeUndefined();
    });

    test('skips a TTL of zero or less', async () => {
      const key = uniqueKey();
      const skipped = cache.stats.skipped;

      await cache.set(key, sampleResponse(), 0);

      expect(await cache.get(key)).toBeUndefined();
      expect(cache.stats.skipped).toBe(skipped + 1);
    });

    test('removes an entry on delete, and deleting a missing key is harmless', async () => {
      const key = uniqueKey();

      await cache.set(key, sampleResponse(), 60);
      await cache.delete(key);
      await cache.delete(key);

      expect(await cache.get(key)).toBeUndefined();
    });

    test('stores a body at the item limit and skips one byte more', async () => {
      const atLimit = uniqueKey();
      const overLimit = uniqueKey();

      await cache.set(atLimit, sampleResponse(allBytes(CONTRACT_MAX_ITEM_BYTES)), 60);
      await cache.set(overLimit, sampleResponse(allBytes(CONTRACT_MAX_ITEM_BYTES + 1)), 60);

      expect((await cache.get(atLimit))?.body.length).toBe(CONTRACT_MAX_ITEM_BYTES);
      expect(await cache.get(overLimit)).toBeUndefined();
    });

    test('replaces an entry stored again under the same key', async () => {
      const key = uniqueKey();

      await cache.set(key, sampleResponse(new Uint8Array([1])), 60);
      await cache.set(key, sampleResponse(new Uint8Array([9, 9])), 60);

      expect((await cache.get(key))?.body).toEqual(new Uint8Array([9, 9]));
    });
  });
}
