// Multipart uploads with the SDK: a 50 MB upload through lib-storage's Upload (the path S3
// clients take for large files), ListParts, abort, the checks of CompleteMultipartUpload, and
// bodies that fail verification leaving nothing behind.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { TestServer } from '../../helpers/server.ts';
import { clientFor, md5Hex, startS3Server } from './helpers.ts';

const MiB = 1024 * 1024;
let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startS3Server();
  s3 = clientFor(server);
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

/** `size` bytes of a deterministic pattern, in 1 MiB chunks, and their MD5 as it is produced. */
function generated(size: number): { stream: Readable; md5: () => string } {
  const hash = createHash('md5');
  async function* chunks() {
    for (let offset = 0; offset < size; offset += MiB) {
      const chunk = Buffer.alloc(Math.min(MiB, size - offset));
      for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((offset + i) >>> 0, i);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), md5: () => hash.digest('hex') };
}

async function createUpload(key: string): Promise<string> {
  const created = await s3.send(new CreateMultipartUploadCommand({
    Bucket: 'media', Key: key, ContentType: 'application/x-parts', Metadata: { kind: 'multi' },
  }));
  return created.UploadId!;
}

async function uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array) {
  const part = await s3.send(new UploadPartCommand({
    Bucket: 'media', Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body,
  }));
  return { PartNumber: partNumber, ETag: part.ETag! };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
}

describe('lib-storage Upload', () => {
  test('a 50 MB stream uploads in parts and reads back byte for byte', async () => {
    const size = 50 * MiB + 12_344;
    const source = generated(size);
    const upload = new Upload({
      client: s3,
      params: { Bucket: 'media', Key: 'big/fifty mb.bin', Body: source.stream,
        ContentType: 'application/x-big' },
      partSize: 8 * MiB,
      queueSize: 4,
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/^"[0-9a-f]{32}-7"$/);

    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'big/fifty mb.bin' }));
    expect(got.ContentLength).toBe(size);
    expect(got.ContentType).toBe('application/x-big');
    const hash = createHash('md5');
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(source.md5());
  }, 30_000);
});

describe('multipart calls', () => {
  test('Create, UploadPart, ListParts and Complete with the S3 ETag', async () => {
    const key = 'parts/ünï code.bin';
    const uploadId = await createUpload(key);
    const first = Buffer.alloc(5 * MiB, 1);
    const last = Buffer.from('the end');
    const parts = [await uploadPart(key, uploadId, 1, first),
      await uploadPart(key, uploadId, 2, last)];
    expect(parts[1]!.ETag).toBe(`"${md5Hex(last)}"`);

    const listed = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: key,
      UploadId: uploadId }));
    expect(listed.Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([
      [1, first.length, parts[0]!.ETag], [2, last.length, parts[1]!.ETag]]);

    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'media', Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts },
    }));
    const md5s = Buffer.concat([first, last].map((part) =>
      createHash('md5').update(part).digest()));
    expect(done.ETag).toBe(`"${md5Hex(md5s)}-2"`);
    expect(done.Key).toBe(key);

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: key }));
    expect(head.ContentLength).toBe(first.length + last.length);
    expect(head.ContentType).toBe('application/x-parts');
    expect(head.Metadata).toEqual({ kind: 'multi' });

    const again = s3.send(new ListPartsCommand({ Bucket: 'media', Key: key, UploadId: uploadId }));
    expect(await failure(again)).toBe('NoSuchUpload');
  });

  test('AbortMultipartUpload discards the parts', async () => {
    const key = 'parts/aborted.bin';
    const uploadId = await createUpload(key);
    await uploadPart(key, uploadId, 1, Buffer.from('part'));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'media', Key: key,
      UploadId: uploadId }));

    const list = s3.send(new ListPartsCommand({ Bucket: 'media', Key: key, UploadId: uploadId }));
    expect(await failure(list)).toBe('NoSuchUpload');
    const get = s3.send(new GetObjectCommand({ Bucket: 'media', Key: key }));
    expect(await failure(get)).toBe('NoSuchKey');
  });

  test('Complete checks part order, ETags, sizes and the upload id', async () => {
    const key = 'parts/checked.bin';
    const uploadId = await createUpload(key);
    const one = await uploadPart(key, uploadId, 1, Buffer.from('small one'));
    const two = await uploadPart(key, uploadId, 2, Buffer.from('small two'));
    const complete = (Parts: { PartNumber: number; ETag: string }[], id = uploadId) =>
      failure(s3.send(new CompleteMultipartUploadCommand({
        Bucket: 'media', Key: key, UploadId: id, MultipartUpload: { Parts },
      })));

    expect(await complete([two, one])).toBe('InvalidPartOrder');
    expect(await complete([{ ...one, ETag: `"${'0'.repeat(32)}"` }])).toBe('InvalidPart');
    expect(await complete([one, { PartNumber: 3, ETag: two.ETag }])).toBe('InvalidPart');
    expect(await complete([one, two])).toBe('EntityTooSmall');
    expect(await complete([one], 'f'.repeat(32))).toBe('NoSuchUpload');
    expect(await complete([one], '../../etc')).toBe('NoSuchUpload');

    // The last part may be small: completing with part 1 alone works.
    await s3.send(new CompleteMultipartUploadCommand({
      Bucket: 'media', Key: key, UploadId: uploadId, MultipartUpload: { Parts: [one] },
    }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: key }));
    expect(await got.Body!.transformToString()).toBe('small one');
  });

  test('an upload id only works for its own key', async () => {
    const uploadId = await createUpload('parts/mine.bin');
    const part = s3.send(new UploadPartCommand({
      Bucket: 'media', Key: 'parts/yours.bin', UploadId: uploadId, PartNumber: 1, Body: 'x',
    }));
    expect(await failure(part)).toBe('NoSuchUpload');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'media', Key: 'parts/mine.bin',
      UploadId: uploadId }));
  });
});

describe('bodies that fail verification', () => {
  test('a PutObject whose Content-MD5 does not match stores nothing', async () => {
    const put = s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'bad/put.txt', Body: 'actual body',
      ContentMD5: createHash('md5').update('other body').digest('base64'),
    }));
    expect(await failure(put)).toBe('BadDigest');
    const get = s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'bad/put.txt' }));
    expect(await failure(get)).toBe('NoSuchKey');
    expect(readdirSync(join(server.dir, 'store', 'media', 'bad'))).toEqual([]);
  });

  test('an UploadPart whose Content-MD5 does not match records no part', async () => {
    const key = 'bad/part.bin';
    const uploadId = await createUpload(key);
    const part = s3.send(new UploadPartCommand({
      Bucket: 'media', Key: key, UploadId: uploadId, PartNumber: 1, Body: 'actual body',
      ContentMD5: createHash('md5').update('other body').digest('base64'),
    }));
    expect(await failure(part)).toBe('BadDigest');
    const listed = await s3.send(new ListPartsCommand({ Bucket: 'media', Key: key,
      UploadId: uploadId }));
    expect(listed.Parts ?? []).toEqual([]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'media', Key: key,
      UploadId: uploadId }));
  });
});
