// The one contract every storage adapter passes (STYLE §23). Each adapter's test file builds
// a harness and calls runStorageContract; capabilities switch off what an adapter cannot do.

import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import type { Storage } from '../../src/storage/index.ts';
import { expectMortError, patternBytes, readAll, streamOf, text } from './helpers.ts';

export interface ContractHarness {
  storage: Storage;
  /** Bucket name used for every location. */
  bucket: string;
  /** Stores an object through the storage, or through the backend for read-only adapters. */
  seed(key: string, bytes: Uint8Array, type: string, meta?: Record<string, string>): Promise<void>;
  cleanup(): Promise<void>;
}

/** What the adapter can do; decides which parts of the suite are registered. */
export interface ContractCapabilities {
  isWritable: boolean;
  canList: boolean;
  /** False for noop: writes succeed but nothing is ever found. */
  persists: boolean;
  /** Whether `x-amz-meta-*` metadata given when seeding comes back on reads. */
  keepsMetadata: boolean;
}

const UNSAFE_KEYS = [
  '/../etc/passwd',
  '/a/../../b.jpg',
  '/a/%2e%2e/%2e%2e/b.jpg',
  '/a/%252e%252e/b.jpg',
  '/a%2fb.jpg',
  '/a\\..\\b.jpg',
  '/a\0b.jpg',
];

/** Registers the shared suite for one adapter. */
export function runStorageContract(
  name: string,
  can: ContractCapabilities,
  createHarness: () => Promise<ContractHarness>,
) {
  describe(`${name} storage contract`, () => {
    let harness: ContractHarness;
    const at = (key: string) => ({ bucket: harness.bucket, key });

    beforeEach(async () => {
      harness = await createHarness();
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    test('a missing key is not_found for get and head', async () => {
      await expectMortError(harness.storage.get(at('/missing/none.jpg')), 'not_found');
      const error = await expectMortError(harness.storage.head(at('/none.png')), 'not_found');
      expect(error.status).toBe(404);
    });

    test('keys that could leave the container are refused with 400', async () => {
      for (const key of UNSAFE_KEYS) {
        const error = await expectMortError(harness.storage.get(at(key)), 'bad_request');
        expect(error.status).toBe(400);
        await expectMortError(harness.storage.head(at(key)), 'bad_request');
        if (can.isWritable) {
          await expectMortError(harness.storage.put(at(key), text('x')), 'bad_request');
        }
      }
    });

    describeWhen(!can.persists, 'discarding', () => {
      test('writes are accepted and discarded', async () => {
        await harness.storage.put(at('/gone.jpg'), streamOf([text('data')]), { contentLength: 4 });
        await expectMortError(harness.storage.get(at('/gone.jpg')), 'not_found');
        await harness.storage.delete(at('/gone.jpg'));
      });
    });

    describeWhen(can.persists, 'reads', () => {
      const content = patternBytes(1000);

      test('get streams the whole object with its metadata', async () => {
        await harness.seed('/img/photo.jpg', content, 'image/jpeg', { 'x-amz-meta-owner': 'ann' });

        const result = await harness.storage.get(at('/img/photo.jpg'));

        expect(result.status).toBe(200);
        expect(result.headers['content-type']).toBe('image/jpeg');
        expect(result.headers['content-length']).toBe('1000');
        expect(result.headers['etag']).toMatch(/^(W\/)?".+"$/);
        expect(result.headers['last-modified']).toMatch(/GMT$/);
        expect(result.metadata.size).toBe(1000);
        expect(await readAll(result.body)).toEqual(content);
      });

      test('head gives the same metadata as get without a body', async () => {
        await harness.seed('/img/photo.jpg', content, 'image/jpeg');

        const head = await harness.storage.head(at('/img/photo.jpg'));
        const get = await harness.storage.get(at('/img/photo.jpg'));
        await get.body.cancel();

        expect(head.status).toBe(200);
        expect(head.headers).toEqual(get.headers);
        expect(head.metadata.isDirectory).toBe(false);
      });

      test('a byte range is served as 206 with Content-Range', async () => {
        await harness.seed('/r.png', content, 'image/png');

        const result = await harness.storage.get(at('/r.png'), { range: { start: 10, end: 19 } });

        expect(result.status).toBe(206);
        expect(result.headers['content-range']).toBe('bytes 10-19/1000');
        expect(result.headers['content-length']).toBe('10');
        expect(await readAll(result.body)).toEqual(content.subarray(10, 20));
      });

      test('a range past the end is clamped to the last byte', async () => {
        await harness.seed('/r.png', content, 'image/png');

        const range = { start: 990, end: 5000 };
        const result = await harness.storage.get(at('/r.png'), { range });

        expect(result.headers['content-range']).toBe('bytes 990-999/1000');
        expect(await readAll(result.body)).toEqual(content.subarray(990));
      });

      test('a range starting past the end is range_not_satisfiable', async () => {
        await harness.seed('/r.png', content, 'image/png');

        const range = { start: 1000, end: 1010 };
        const error = await harness.storage.get(at('/r.png'), { range }).catch((e: unknown) => e);
        expect((error as { status?: number }).status).toBe(416);
      });

      test('a large object streams intact', async () => {
        const large = patternBytes(700_001);
        await harness.seed('/big.bin', large, 'application/octet-stream');

        const result = await harness.storage.get(at('/big.bin'));

        expect(await readAll(result.body)).toEqual(large);
      });

      test('stored x-amz-meta headers come back on reads', async () => {
        await harness.seed('/m.jpg', content, 'image/jpeg', { 'x-amz-meta-owner': 'ann' });

        const head = await harness.storage.head(at('/m.jpg'));

        expect(head.headers['x-amz-meta-owner']).toBe(can.keepsMetadata ? 'ann' : undefined);
      });
    });

    describeWhen(can.isWritable && can.persists, 'writes', () => {
      test('put from bytes then get round-trips content and metadata', async () => {
        const metadata = { 'X-Amz-Meta-Color': 'blue' };

        const put = await harness.storage.put(at('/w/a.jpg'), text('hello'), {
          contentType: 'image/jpeg',
          metadata,
        });
        const result = await harness.storage.get(at('/w/a.jpg'));

        expect(put.size).toBe(5);
        expect(result.headers['content-type']).toBe('image/jpeg');
        expect(await readAll(result.body)).toEqual(text('hello'));
      });

      test('put from a stream with a declared length', async () => {
        const chunks = [patternBytes(70_000), patternBytes(70_000)];

        await harness.storage.put(at('/w/s.bin'), streamOf(chunks), { contentLength: 140_000 });
        const result = await harness.storage.get(at('/w/s.bin'));

        expect(result.metadata.size).toBe(140_000);
        const stored = await readAll(result.body);
        expect(stored.subarray(70_000)).toEqual(chunks[1] ?? new Uint8Array());
      });

      test('a second put replaces the object', async () => {

        await harness.storage.put(at('/w/o.txt'), text('first version'));
        await harness.storage.put(at('/w/o.txt'), text('v2'));

        expect(await readAll((await harness.storage.get(at('/w/o.txt'))).body)).toEqual(text('v2'));
      });

      test('a failing upload stream leaves no object behind', async () => {
        const body = streamOf([text('partial')], new Error('client went away'));

        await expect(
          harness.storage.put(at('/w/broken.jpg'), body, { contentLength: 100 }),
        ).rejects.toThrow();
        await expectMortError(harness.storage.head(at('/w/broken.jpg')), 'not_found');
      });

      test('a failing overwrite keeps the previous object intact', async () => {
        await harness.storage.put(at('/w/keep.txt'), text('old'));

        const body = streamOf([text('new but partial')], new Error('aborted'));
        await expect(
          harness.storage.put(at('/w/keep.txt'), body, { contentLength: 1000 }),
        ).rejects.toThrow();

        const result = await harness.storage.get(at('/w/keep.txt'));
        expect(await readAll(result.body)).toEqual(text('old'));
      });

      test('delete removes the object; deleting again is not_found', async () => {
        await harness.storage.put(at('/w/d.jpg'), text('x'));

        await harness.storage.delete(at('/w/d.jpg'));

        await expectMortError(harness.storage.get(at('/w/d.jpg')), 'not_found');
        await expectMortError(harness.storage.delete(at('/w/d.jpg')), 'not_found');
      });
    });

    describeWhen(!can.isWritable, 'read-only', () => {
      test('writes are refused with 500 by read-only storages', async () => {
        const put = await expectMortError(harness.storage.put(at('/x.jpg'), text('x')), 'internal');
        expect(put.status).toBe(500);
        await expectMortError(harness.storage.delete(at('/x.jpg')), 'internal');
      });
    });

    describeWhen(can.canList, 'listing', () => {
      const seedTree = async () => {
        for (const key of ['/a/1.jpg', '/a/2.jpg', '/a/b/3.jpg', '/c.jpg', '/d/e/f.jpg']) {
          await harness.seed(key, text(key), 'image/jpeg');
        }
      };

      test('delimiter / lists one level: objects and common prefixes', async () => {
        await seedTree();

        const root = await harness.storage.list(harness.bucket, { delimiter: '/' });
        const inA = await harness.storage.list(harness.bucket, { prefix: 'a/', delimiter: '/' });

        expect(root.entries.map((e) => e.key)).toEqual(['c.jpg']);
        expect(root.commonPrefixes).toEqual(['a/', 'd/']);
        expect(inA.entries.map((e) => e.key)).toEqual(['a/1.jpg', 'a/2.jpg']);
        expect(inA.commonPrefixes).toEqual(['a/b/']);
        expect(inA.entries[0]?.size).toBe('/a/1.jpg'.length);
        expect(inA.isTruncated).toBe(false);
      });

      test('without a delimiter every key under the prefix is listed', async () => {
        await seedTree();

        const all = await harness.storage.list(harness.bucket, {});
        const partial = await harness.storage.list(harness.bucket, { prefix: 'a/' });

        expect(all.entries.map((e) => e.key)).toEqual([
          'a/1.jpg',
          'a/2.jpg',
          'a/b/3.jpg',
          'c.jpg',
          'd/e/f.jpg',
        ]);
        expect(all.commonPrefixes).toEqual([]);
        expect(partial.entries.map((e) => e.key)).toEqual(['a/1.jpg', 'a/2.jpg', 'a/b/3.jpg']);
      });

      test('maxKeys and marker page through the listing exactly once', async () => {
        await seedTree();
        const seen: string[] = [];
        let marker: string | undefined;

        for (let page = 0; page < 10; page++) {
          const result = await harness.storage.list(harness.bucket, { maxKeys: 2, marker });
          seen.push(...result.entries.map((e) => e.key));
          if (!result.isTruncated) break;

          expect(result.nextMarker).toBeDefined();
          marker = result.nextMarker;
        }

        expect(seen).toEqual(['a/1.jpg', 'a/2.jpg', 'a/b/3.jpg', 'c.jpg', 'd/e/f.jpg']);
      });

      test('a marker skips keys up to and including it', async () => {
        await seedTree();

        const result = await harness.storage.list(harness.bucket, {
          delimiter: '/',
          marker: 'a/',
        });

        expect(result.commonPrefixes).toEqual(['d/']);
        expect(result.entries.map((e) => e.key)).toEqual(['c.jpg']);
      });

      test('an unknown prefix lists nothing', async () => {
        await seedTree();

        const result = await harness.storage.list(harness.bucket, { prefix: 'zzz/' });

        expect(result.entries).toEqual([]);
        expect(result.commonPrefixes).toEqual([]);
      });

      test('a listing prefix that climbs out is refused', async () => {
        const listing = harness.storage.list(harness.bucket, { prefix: '../' });

        await expectMortError(listing, 'bad_request');
      });
    });

    describeWhen(!can.canList, 'no listing', () => {
      test('storages that cannot list answer 500', async () => {
        await expectMortError(harness.storage.list(harness.bucket, {}), 'internal');
      });
    });
  });
}

// Registers the block only when the adapter has the capability, instead of reporting skips.
function describeWhen(condition: boolean, label: string, body: () => void): void {
  if (condition) describe(label, body);
}
