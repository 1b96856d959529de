// The s3 adapter against s3rver, a real S3-compatible server started in-process: the shared
// contract, then the s3-specific behaviour (SPEC §8.5, §12.22, §12.23, §12.24).

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createStorage, DirectoryObjectError } from '../../src/storage/index.ts';
import { createS3Storage, type S3StorageDefinition } from '../../src/storage/s3.ts';
import { runStorageContract } from './contract.ts';
import { expectMortError, patternBytes, readAll, streamOf, text } from './helpers.ts';
import { S3RVER_KEYS, startS3rver, type S3rverHandle } from './s3-server.ts';

let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver();
});

afterAll(async () => {
  await s3.stop();
});

function s3Definition(extra: Partial<S3StorageDefinition> = {}): S3StorageDefinition {
  return { kind: 's3', endpoint: s3.endpoint, ...S3RVER_KEYS, ...extra };
}

const contractCapabilities = {
  isWritable: true,
  canList: true,
  persists: true,
  keepsMetadata: true,
};

runStorageContract('s3 (s3rver)', contractCapabilities, async () => {
  const bucket = await s3.createBucket('contract');
  const storage = createStorage(s3Definition());

  return {
    storage,
    bucket,
    seed: async (key, bytes, type, meta) => {
      await storage.put({ bucket, key }, bytes, { contentType: type, metadata: meta });
    },
    cleanup: async () => undefined,
  };
});

// The same suite through a pathPrefix and a bucket override: every key and listing must be
// translated both ways without the caller noticing.
runStorageContract('s3 with pathPrefix and bucket override', contractCapabilities, async () => {
  const container = await s3.createBucket('override');
  const storage = createStorage(s3Definition({ bucket: container, pathPrefix: '/pre/fix' }));
  const bucket = 'requested';

  return {
    storage,
    bucket,
    seed: async (key, bytes, type, meta) => {
      await storage.put({ bucket, key }, bytes, { contentType: type, metadata: meta });
    },
    cleanup: async () => undefined,
  };
});

describe('s3 storage', () => {
  const headRaw = (bucket: string, key: string) =>
    s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

  const listRaw = async (bucket: string) => {
    const output = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (output.Contents ?? []).map((item) => item.Key);
  };

  test('is built by the storage factory for kind s3', () => {
    expect(createStorage(s3Definition()).kind).toBe('s3');
  });

  test('content headers travel as S3 fields and x-amz-meta-k as user metadata k', async () => {
    const bucket = await s3.createBucket('meta');
    const storage = createStorage(
      s3Definition({ headers: { 'X-Amz-Meta-Origin': 'storage', 'Cache-Control': 'no-store' } }),
    );

    await storage.put({ bucket, key: '/m/a.jpg' }, text('jpeg bytes'), {
      contentType: 'image/jpeg',
      metadata: {
        'cache-control': 'max-age=60',
        'content-disposition': 'inline; filename="a.jpg"',
        'content-encoding': 'identity',
        'content-language': 'en',
        'x-amz-meta-Owner': 'ann',
        etag: '"ignored"',
      },
    });

    const raw = await headRaw(bucket, 'm/a.jpg');
    expect(raw.ContentType).toBe('image/jpeg');
    expect(raw.CacheControl).toBe('max-age=60');
    expect(raw.ContentDisposition).toBe('inline; filename="a.jpg"');
    expect(raw.ContentEncoding).toBe('identity');
    expect(raw.ContentLanguage).toBe('en');
    expect(raw.Metadata).toEqual({ owner: 'ann', origin: 'storage' });

    const head = await storage.head({ bucket, key: '/m/a.jpg' });
    expect(head.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'cache-control': 'max-age=60',
      'content-disposition': 'inline; filename="a.jpg"',
      'content-encoding': 'identity',
      'content-language': 'en',
      'x-amz-meta-owner': 'ann',
      'x-amz-meta-origin': 'storage',
      'content-length': '10',
    });
    expect(head.metadata.stored['content-type']).toBe('image/jpeg');
  });

  test('objects written by other S3 clients are read with their metadata', async () => {
    const bucket = await s3.createBucket('foreign');
    await s3.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'x/photo.png',
        Body: 'png',
        ContentType: 'image/png',
        Metadata: { 'public-width': '640' },
      }),
    );

    const result = await createStorage(s3Definition()).get({ bucket, key: '/x/photo.png' });

    expect(result.headers['content-type']).toBe('image/png');
    expect(result.headers['x-amz-meta-public-width']).toBe('640');
    expect(new TextDecoder().decode(await readAll(result.body))).toBe('png');
  });

  test('a range is relayed to S3 and answered with its Content-Range', async () => {
    const bucket = await s3.createBucket('range');
    const storage = createStorage(s3Definition());
    const content = patternBytes(5000);
    await storage.put({ bucket, key: '/r.bin' }, content);

    const first = await storage.get({ bucket, key: '/r.bin' }, { range: { start: 0, end: 0 } });
    const lastByte = { start: 4999, end: 4999 };
    const last = await storage.get({ bucket, key: '/r.bin' }, { range: lastByte });

    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe('bytes 0-0/5000');
    expect(first.metadata.size).toBe(5000);
    expect(await readAll(first.body)).toEqual(content.subarray(0, 1));
    expect(last.headers['content-length']).toBe('1');
    expect(await readAll(last.body)).toEqual(content.subarray(4999));
  });

  test('an inverted range is a bad request and never reaches S3', async () => {
    const storage = createStorage(s3Definition());
    const range = { start: 10, end: 5 };

    await expectMortError(storage.get({ bucket: 'any', key: '/r.bin' }, { range }), 'bad_request');
  });

  test('pathPrefix is joined in front of the key without a leading slash', async () => {
    const bucket = await s3.createBucket('prefix');
    const storage = createStorage(s3Definition({ pathPrefix: '/originals/' }));

    await storage.put({ bucket, key: '/a/b.jpg' }, text('x'));
    const listing = await storage.list(bucket, { prefix: 'a/' });

    expect(await listRaw(bucket)).toEqual(['originals/a/b.jpg']);
    expect(listing.entries.map((entry) => entry.key)).toEqual(['a/b.jpg']);
  });

  test('without pathPrefix the key loses only its leading slash', async () => {
    const bucket = await s3.createBucket('plain');

    await createStorage(s3Definition()).put({ bucket, key: '/a/./b//c.jpg' }, text('x'));

    expect(await listRaw(bucket)).toEqual(['a/b/c.jpg']);
  });

  test('the container is resolved per call: override, else the object bucket', async () => {
    const first = await s3.createBucket('first');
    const second = await s3.createBucket('second');
    const fixed = await s3.createBucket('fixed');
    const perObject = createStorage(s3Definition());
    const overridden = createStorage(s3Definition({ bucket: fixed }));

    await perObject.put({ bucket: first, key: '/one.jpg' }, text('1'));
    await perObject.put({ bucket: second, key: '/two.jpg' }, text('2'));
    await overridden.put({ bucket: first, key: '/three.jpg' }, text('3'));
    await overridden.put({ bucket: 'not-a-bucket', key: '/four.jpg' }, text('4'));

    expect(await listRaw(first)).toEqual(['one.jpg']);
    expect(await listRaw(second)).toEqual(['two.jpg']);
    expect(await listRaw(fixed)).toEqual(['four.jpg', 'three.jpg']);
  });

  test('a presigned GET URL can be fetched without credentials', async () => {
    const bucket = await s3.createBucket('presign');
    const storage = createStorage(s3Definition({ pathPrefix: 'p' }));
    const content = patternBytes(2048);
    await storage.put({ bucket, key: '/big file ü.jpg' }, content, { contentType: 'image/jpeg' });

    const url = await storage.presignGet!({ bucket, key: '/big file ü.jpg' }, 5 * 60 * 60);
    const response = await fetch(url);

    expect(url).toContain('X-Amz-Expires=18000');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(content));
  });

  test('a zero-byte object is an empty file, not a directory', async () => {
    const bucket = await s3.createBucket('empty');
    const storage = createStorage(s3Definition());

    await storage.put({ bucket, key: '/empty.txt' }, streamOf([]), { contentLength: 0 });
    const result = await storage.get({ bucket, key: '/empty.txt' });

    expect(result.status).toBe(200);
    expect(result.metadata.isDirectory).toBe(false);
    expect(result.headers['content-length']).toBe('0');
    expect(await readAll(result.body)).toEqual(new Uint8Array());
  });

  test('a dir/ marker keeps its slash and reads as a directory', async () => {
    const bucket = await s3.createBucket('marker');
    const storage = createStorage(s3Definition());

    await storage.put({ bucket, key: '/photos/' }, new Uint8Array(), { contentLength: 0 });
    const head = await storage.head({ bucket, key: '/photos/' });
    const get = await storage.get({ bucket, key: '/photos/' }).catch((error: unknown) => error);

    expect(await listRaw(bucket)).toEqual(['photos/']);
    expect(head.metadata.isDirectory).toBe(true);
    expect(head.headers['content-type']).toBe('application/directory');
    expect(get).toBeInstanceOf(DirectoryObjectError);
    await expectMortError(storage.head({ bucket, key: '/photos' }), 'not_found');
  });

  test('an application/directory object is a directory whatever its key', async () => {
    const bucket = await s3.createBucket('dirtype');
    const storage = createStorage(s3Definition());

    await storage.put({ bucket, key: '/folder' }, new Uint8Array(), {
      contentType: 'application/directory',
    });

    expect((await storage.head({ bucket, key: '/folder' })).metadata.isDirectory).toBe(true);
    await expectMortError(storage.get({ bucket, key: '/folder' }), 'not_found');
  });

  test('a body of unknown length is uploaded in parts and arrives intact', async () => {
    const bucket = await s3.createBucket('multipart');
    const storage = createS3Storage(s3Definition(), {}, { partBytes: 64 * 1024 });
    const chunks = [patternBytes(100_000), patternBytes(50_000), patternBytes(30_001)];

    const put = await storage.put({ bucket, key: '/parts.bin' }, streamOf(chunks), {
      contentType: 'application/octet-stream',
      metadata: { 'x-amz-meta-kind': 'parts' },
    });
    const result = await storage.get({ bucket, key: '/parts.bin' });

    expect(put.size).toBe(180_001);
    expect(result.headers['x-amz-meta-kind']).toBe('parts');
    expect(await readAll(result.body)).toEqual(new Uint8Array(Buffer.concat(chunks)));
  });

  test('a small body of unknown length is stored in one request', async () => {
    const bucket = await s3.createBucket('small');
    const storage = createStorage(s3Definition());

    const put = await storage.put({ bucket, key: '/s.txt' }, streamOf([text('tiny')]));

    expect(put.size).toBe(4);
    expect(await listRaw(bucket)).toEqual(['s.txt']);
  });

  test('a body shorter than its Content-Length is refused and nothing is stored', async () => {
    const bucket = await s3.createBucket('short');
    const storage = createStorage(s3Definition());

    const put = storage.put({ bucket, key: '/short.bin' }, streamOf([text('abc')]), {
      contentLength: 10,
    });

    await expectMortError(put, 'internal');
    expect(await listRaw(bucket)).toEqual([]);
  });

  test('a body longer than its Content-Length is refused and nothing is stored', async () => {
    const bucket = await s3.createBucket('long');
    const storage = createStorage(s3Definition());
    const body = streamOf([patternBytes(600), patternBytes(600)]);

    await expectMortError(
      storage.put({ bucket, key: '/long.bin' }, body, { contentLength: 700 }),
      'internal',
    );
    expect(await listRaw(bucket)).toEqual([]);
  });

  test('a missing bucket is not_found', async () => {
    const storage = createStorage(s3Definition());

    await expectMortError(storage.get({ bucket: 'no-such-bucket', key: '/a.jpg' }), 'not_found');
  });

  test('a failed client creation answers 503 and is retried on the next call', async () => {
    const bucket = await s3.createBucket('retry');
    let attempts = 0;
    const storage = createS3Storage(s3Definition(), {}, {
      createClient: (config) => {
        attempts++;
        if (attempts === 1) throw new Error('credentials source is down');
        return new S3Client(config);
      },
    });

    const first = await expectMortError(storage.head({ bucket, key: '/a.jpg' }), 'unavailable');
    await storage.put({ bucket, key: '/a.jpg' }, text('a'));
    await storage.head({ bucket, key: '/a.jpg' });

    expect(first.status).toBe(503);
    expect(attempts).toBe(2);
  });

  test('an endpoint that is not a URL answers 503 on every call', async () => {
    const storage = createStorage(s3Definition({ endpoint: 'not a url' }));

    for (let call = 0; call < 2; call++) {
      const error = await expectMortError(storage.get({ bucket: 'b', key: '/a' }), 'unavailable');
      expect(error.detail).not.toContain('not a url');
    }
  });

  test('an unreachable endpoint answers 503', async () => {
    const closed = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
    const endpoint = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);

    const storage = createStorage(s3Definition({ endpoint }));

    await expectMortError(storage.head({ bucket: 'b', key: '/a.jpg' }), 'unavailable');
  });

  test('the body of a GET is a stream that can be cancelled early', async () => {
    const bucket = await s3.createBucket('cancel');
    const storage = createStorage(s3Definition());
    await storage.put({ bucket, key: '/big.bin' }, patternBytes(3_000_000));

    const result = await storage.get({ bucket, key: '/big.bin' });
    const reader = result.body.getReader();
    const first = await reader.read();
    await reader.cancel();

    expect(first.done).toBe(false);
    const again = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    expect(again.ContentLength).toBe(3_000_000);
    await again.Body?.transformToWebStream().cancel();
  });
});
