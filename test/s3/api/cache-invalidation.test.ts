// Writes through the S3 API drop what the response cache holds for the object (issue 4,
// "caching rules"): a public GET after a PUT or DELETE never sees the old bytes.

import { afterAll, beforeAll, expect, test } from 'bun:test';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startTestServer, tempDir, type TestServer } from '../../helpers/server.ts';
import { clientFor, MEDIA } from './helpers.ts';

let server: TestServer;
let s3: S3Client;

beforeAll(async () => {
  const dir = tempDir('mort-s3api-cache-');
  mkdirSync(join(dir, 'store'));
  server = await startTestServer(`
headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=600, public"
buckets:
  media:
    keys:
      - accessKey: "${MEDIA.accessKeyId}"
        secretAccessKey: "${MEDIA.secretAccessKey}"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/store" }
`, { dir, server: '  cache:\n    type: "memory"\n    cacheSize: 10000000\n' });
  s3 = clientFor(server);
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

async function publicGet(): Promise<{ status: number; text: string; cache: string | null }> {
  const response = await server.fetch('/media/page.txt');
  const text = await response.text();
  await server.server.services.background.idle();
  return { status: response.status, text, cache: response.headers.get('x-mort-cache') };
}

test('PUT and DELETE through the S3 API invalidate the cached public response', async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'page.txt', Body: 'version 1' }));
  await publicGet();
  const hit = await publicGet();
  expect(hit).toEqual({ status: 200, text: 'version 1', cache: 'hit' });

  await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'page.txt', Body: 'version 2' }));
  expect((await publicGet()).text).toBe('version 2');

  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: 'page.txt' }));
  expect((await publicGet()).status).toBe(404);
});

test('ranged reads share the object entry, so a PUT drops what they were served from',
  async () => {
    const ranged = async () => {
      const response = await server.fetch('/media/ranged.txt', { headers: { range: 'bytes=0-6' } });
      const text = await response.text();
      await server.server.services.background.idle();
      return { status: response.status, text, cache: response.headers.get('x-mort-cache') };
    };
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'ranged.txt', Body: 'first body' }));
    await ranged();
    expect(await ranged()).toEqual({ status: 206, text: 'first b', cache: 'hit' });
    // A full GET is served from the same entry.
    const full = await server.fetch('/media/ranged.txt');
    expect([full.headers.get('x-mort-cache'), await full.text()]).toEqual(['hit', 'first body']);

    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'ranged.txt',
      Body: 'second body' }));
    expect((await ranged()).text).toBe('second ');
  });
