// A real S3-compatible server for the s3 adapter tests: s3rver (npm) in-process on 127.0.0.1
// with a temporary directory, plus a raw SDK client to look at what the adapter stored.
//
// s3rver 3.7.1's listing is wrong on Linux, under Node as under Bun: it returns keys in
// readdir order (unsorted), never reports common prefixes of keys two or more levels below
// the prefix (`d/` for `d/e/f.jpg`), counts only keys against max-keys, and fails with
// InternalError on some truncated pages. Its store's listObjects is replaced below with one
// that follows S3; requests, signatures, XML and everything else stay s3rver's own.
//
// Its ListObjectsV2 continuation tokens are DES-encrypted, a cipher neither Bun (BoringSSL)
// nor Node >= 17 (OpenSSL 3) offers: every truncated V2 page would be an InternalError. The
// tokens are opaque, so 'des' is mapped to AES-128 in this test process (below).

import crypto from 'node:crypto';
import { readdirSync } from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import S3Object from 's3rver/lib/models/object.js';
import FilesystemStore, { type S3rverListOptions } from 's3rver/lib/stores/filesystem.js';
import { makeTempDir } from './helpers.ts';

const OBJECT_SUFFIX = '._S3rver_object';

FilesystemStore.prototype.listObjects = async function listObjects(
  bucket: string,
  options: S3rverListOptions,
) {
  const { delimiter = '', startAfter = '', prefix = '', maxKeys = 1000 } = options;
  const bucketPath = this.getBucketPath(bucket);
  const keys = (readdirSync(bucketPath, { recursive: true }) as string[])
    .filter((path) => path.endsWith(OBJECT_SUFFIX))
    .map((path) => path.slice(0, -OBJECT_SUFFIX.length))
    .filter((key) => key.startsWith(prefix) && byteOrder(key, startAfter) > 0)
    .sort(byteOrder);

  const items: { key: string; isPrefix: boolean }[] = [];
  for (const key of keys) {
    const rollUpAt = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const item = rollUpAt < 0 ? key : key.slice(0, rollUpAt + delimiter.length);
    const isPrefix = rollUpAt >= 0;

    // A prefix holding the start key was listed on an earlier page.
    if (isPrefix && startAfter.startsWith(item)) continue;
    if (items.at(-1)?.key !== item) items.push({ key: item, isPrefix });
  }

  const page = items.slice(0, maxKeys);
  const objects = await Promise.all(
    page
      .filter((item) => !item.isPrefix)
      .map(async ({ key }) => new S3Object(bucket, key, null, await this.getMetadata(bucket, key))),
  );

  return {
    objects,
    commonPrefixes: page.filter((item) => item.isPrefix).map((item) => item.key),
    isTruncated: page.length < items.length,
  };
};

const createCipheriv = crypto.createCipheriv;
crypto.createCipheriv = function createDesCompatibleCipher(
  this: unknown,
  algorithm: string,
  key: Buffer,
  iv: Buffer,
  ...rest: unknown[]
) {
  if (algorithm !== 'des') {
    return Reflect.apply(createCipheriv, this, [algorithm, key, iv, ...rest]);
  }

  return createCipheriv('aes-128-cbc', Buffer.concat([key, key]), Buffer.concat([iv, iv]));
} as typeof crypto.createCipheriv;

function byteOrder(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

/** s3rver's built-in credentials; it verifies signatures made with them. */
export const S3RVER_KEYS = { accessKey: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverHandle {
  endpoint: string;
  /** A plain SDK client on the same server, for seeding and inspecting buckets. */
  client: S3Client;
  /** Creates a bucket with a name unique to this server. */
  createBucket(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free port; call `stop` when done. */
export async function startS3rver(): Promise<S3rverHandle> {
  const dir = await makeTempDir();
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir.path, silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: S3RVER_KEYS.accessKey,
      secretAccessKey: S3RVER_KEYS.secretAccessKey,
    },
  });
  let buckets = 0;

  const createBucket = async (prefix = 'bucket') => {
    const name = `${prefix}-${++buckets}`;
    await client.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  };

  const stop = async () => {
    client.destroy();
    await server.close();
    await dir.remove();
  };

  return { endpoint, client, createBucket, stop };
}
