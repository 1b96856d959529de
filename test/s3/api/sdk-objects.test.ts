// The AWS SDK v3 against the real server: buckets, object writes and reads with metadata, copy,
// delete, multi-object delete, presigned URLs, awkward keys and bad credentials.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';

import type { TestServer } from '../../helpers/server.ts';
import { clientFor, md5Hex, MEDIA, OTHER, startS3Server } from './helpers.ts';

let server: TestServer;
let s3: S3Client;
const changed: string[] = [];

beforeAll(async () => {
  server = await startS3Server();
  s3 = clientFor(server);
  const { services } = server.server;
  const original = services.onObjectChanged;
  services.onObjectChanged = (bucket, key) => {
    changed.push(`${bucket}:${key}`);
    original?.(bucket, key);
  };
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

async function getText(key: string, bucket = 'media'): Promise<string> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('buckets', () => {
  test('ListBuckets lists the buckets whose keys hold the access key', async () => {
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(['media', 'gallery']);
    expect(listed.Owner?.ID).toBe(MEDIA.accessKeyId);
  });
});

describe('objects', () => {
  test('PutObject stores a string, GetObject returns it with an MD5 ETag on PUT', async () => {
    const put = await s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'text/hello.txt', Body: 'hello world',
    }));
    expect(put.ETag).toBe(`"${md5Hex('hello world')}"`);
    expect(await getText('text/hello.txt')).toBe('hello world');
  });

  test('PutObject stores a Buffer and a stream with a ContentLength', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'bin/buffer', Body: bytes }));
    await s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'bin/stream', Body: Readable.from([bytes, bytes]),
      ContentLength: bytes.length * 2,
    }));

    const fromBuffer = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'bin/buffer' }));
    expect(md5Hex(await fromBuffer.Body!.transformToByteArray())).toBe(md5Hex(bytes));
    const fromStream = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'bin/stream' }));
    const streamed = await fromStream.Body!.transformToByteArray();
    expect(md5Hex(streamed)).toBe(md5Hex(Buffer.concat([bytes, bytes])));
  });

  test('HeadObject and GetObject return Content-Type, x-amz-meta-* and no-cache', async () => {
    await s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'meta.json', Body: '{}', ContentType: 'application/x-test',
      Metadata: { owner: 'alice', 'public-width': '640' },
    }));

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'meta.json' }));
    expect(head.ContentType).toBe('application/x-test');
    expect(head.Metadata).toEqual({ owner: 'alice', 'public-width': '640' });
    expect(head.ContentLength).toBe(2);
    expect(head.CacheControl).toBe('no-cache');

    const got = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'meta.json' }));
    expect(got.Metadata?.owner).toBe('alice');
    expect(got.CacheControl).toBe('no-cache');
    await got.Body!.transformToString();
  });

  test('a missing key is NoSuchKey (GET) and NotFound (HEAD)', async () => {
    const get = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'nope' })));
    expect(get).toEqual({ name: 'NoSuchKey', status: 404 });
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'nope' })));
    expect(head.status).toBe(404);
  });

  test('keys with spaces, unicode and reserved characters round-trip', async () => {
    const keys = [
      'with space/and  two.txt',
      'ünïcødé/雪だるま ☃.txt',
      "reserved/!$&'()*+,;=:@[]~#?.txt",
      'percent/100% sure %41.txt',
    ];
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: `body of ${key}` }));
      expect(await getText(key)).toBe(`body of ${key}`);
    }

    for (const prefix of ['with space/', 'ünïcødé/', 'reserved/', 'percent/']) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: prefix }));
      expect(listed.Contents?.map((entry) => entry.Key)).toEqual(
        keys.filter((key) => key.startsWith(prefix)));
    }
  });

  test('a key ending in / is a directory marker', async () => {
    await s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'folder/', Body: new Uint8Array(0), ContentLength: 0,
    }));
    const listed = await s3.send(new ListObjectsV2Command({
      Bucket: 'media', Prefix: 'folder', Delimiter: '/',
    }));
    expect(listed.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['folder/']);

    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'folder/inside.txt', Body: 'x' }));
    expect(await getText('folder/inside.txt')).toBe('x');
  });

  test('writes and deletes tell the response cache which object changed', async () => {
    changed.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'cached.txt', Body: 'v1' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'cached.txt' }));
    expect(changed).toEqual(['media:/cached.txt', 'media:/cached.txt']);
  });
});

describe('copy', () => {
  test('CopyObject keeps the metadata by default and answers CopyObjectResult', async () => {
    await s3.send(new PutObjectCommand({
      Bucket: 'media', Key: 'copy/source.txt', Body: 'copied bytes', ContentType: 'text/x-src',
      Metadata: { origin: 'source' },
    }));
    changed.length = 0;

    const copied = await s3.send(new CopyObjectCommand({
      Bucket: 'gallery', Key: 'copy/target 1.txt', CopySource: 'media/copy/source.txt',
    }));
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5Hex('copied bytes')}"`);
    expect(changed).toEqual(['gallery:/copy/target 1.txt']);

    const head = await s3.send(new HeadObjectCommand({
      Bucket: 'gallery', Key: 'copy/target 1.txt',
    }));
    expect(head.ContentType).toBe('text/x-src');
    expect(head.Metadata).toEqual({ origin: 'source' });
    expect(await getText('copy/target 1.txt', 'gallery')).toBe('copied bytes');
  });

  test('CopyObject with REPLACE takes the new metadata, also onto itself', async () => {
    await s3.send(new CopyObjectCommand({
      Bucket: 'media', Key: 'copy/source.txt', CopySource: encodeURI('media/copy/source.txt'),
      MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { origin: 'new' },
    }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: 'copy/source.txt' }));
    expect(head.ContentType).toBe('text/x-new');
    expect(head.Metadata).toEqual({ origin: 'new' });
    expect(await getText('copy/source.txt')).toBe('copied bytes');
  });

  test('CopyObject refuses a missing source, itself unchanged, and foreign buckets', async () => {
    const missing = await errorOf(s3.send(new CopyObjectCommand({
      Bucket: 'media', Key: 'copy/x', CopySource: 'media/copy/none',
    })));
    expect(missing).toEqual({ name: 'NoSuchKey', status: 404 });

    const self = await errorOf(s3.send(new CopyObjectCommand({
      Bucket: 'media', Key: 'copy/source.txt', CopySource: 'media/copy/source.txt',
    })));
    expect(self).toEqual({ name: 'InvalidRequest', status: 400 });

    const other = clientFor(server, OTHER);
    await other.send(new PutObjectCommand({ Bucket: 'other', Key: 'secret.txt', Body: 's' }));
    const foreign = await errorOf(s3.send(new CopyObjectCommand({
      Bucket: 'media', Key: 'stolen.txt', CopySource: 'other/secret.txt',
    })));
    expect(foreign).toEqual({ name: 'AccessDenied', status: 403 });
    other.destroy();
  });
});

describe('delete', () => {
  test('DeleteObject removes the object; deleting a missing one succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'gone.txt', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'gone.txt' }));
    const after = await errorOf(s3.send(new GetObjectCommand({
      Bucket: 'media', Key: 'gone.txt',
    })));
    expect(after.name).toBe('NoSuchKey');

    const again = await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'gone.txt' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  test('DeleteObjects removes several keys, quietly or listing them', async () => {
    const keys = ['batch/a.txt', 'batch/b c.txt', 'batch/ü.txt'];
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: key }));
    }

    const loud = await s3.send(new DeleteObjectsCommand({
      Bucket: 'media',
      Delete: { Objects: keys.slice(0, 2).map((Key) => ({ Key })) },
    }));
    expect(loud.Deleted?.map((entry) => entry.Key)).toEqual(keys.slice(0, 2));
    expect(loud.Errors).toBeUndefined();

    const quiet = await s3.send(new DeleteObjectsCommand({
      Bucket: 'media',
      Delete: { Objects: [{ Key: keys[2] }, { Key: 'batch/never-there' }], Quiet: true },
    }));
    expect(quiet.Deleted).toBeUndefined();

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'batch/' }));
    expect(listed.KeyCount).toBe(0);
  });
});

describe('presigned URLs', () => {
  test('a presigned PUT and GET work with plain fetch', async () => {
    const key = 'presigned/a file ü.txt';
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'media', Key: key }),
      { expiresIn: 60 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned PUT' });
    expect(put.status).toBe(200);

    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: key }),
      { expiresIn: 60 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('no-cache');
    expect(await got.text()).toBe('via presigned PUT');
  });

  test('a tampered or expired presigned URL is refused with 403', async () => {
    const url = new URL(await getSignedUrl(s3,
      new GetObjectCommand({ Bucket: 'media', Key: 'text/hello.txt' }), { expiresIn: 60 }));
    url.pathname = '/media/meta.json';
    expect((await fetch(url)).status).toBe(403);

    const expired = await getSignedUrl(s3,
      new GetObjectCommand({ Bucket: 'media', Key: 'text/hello.txt' }),
      { expiresIn: 1, signingDate: new Date(Date.now() - 60_000) });
    expect((await fetch(expired)).status).toBe(403);
  });
});

describe('credentials', () => {
  test('a wrong secret is refused with 403 and writes nothing', async () => {
    const wrong = clientFor(server, { ...MEDIA, secretAccessKey: 'not-the-secret' });
    const put = await errorOf(wrong.send(new PutObjectCommand({
      Bucket: 'media', Key: 'forged.txt', Body: 'x',
    })));
    expect(put.status).toBe(403);
    const list = await errorOf(wrong.send(new ListObjectsV2Command({ Bucket: 'media' })));
    expect(list.status).toBe(403);
    wrong.destroy();

    const get = await errorOf(s3.send(new GetObjectCommand({
      Bucket: 'media', Key: 'forged.txt',
    })));
    expect(get.name).toBe('NoSuchKey');
  });

  test('an unknown access key is refused with 401', async () => {
    const unknown = clientFor(server, { accessKeyId: 'AKNOBODY', secretAccessKey: 'x' });
    const put = await errorOf(unknown.send(new PutObjectCommand({
      Bucket: 'media', Key: 'forged.txt', Body: 'x',
    })));
    expect(put.status).toBe(401);
    unknown.destroy();
  });

  test('a key of another bucket cannot write here', async () => {
    const other = clientFor(server, OTHER);
    const put = await errorOf(other.send(new PutObjectCommand({
      Bucket: 'media', Key: 'forged.txt', Body: 'x',
    })));
    expect(put.status).toBe(401);
    other.destroy();
  });
});
