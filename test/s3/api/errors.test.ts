// S3 error documents and status codes for what clients get wrong, bucket calls, and how the
// S3 API differs from public requests.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  DeleteBucketCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHmac } from 'node:crypto';

import type { TestServer } from '../../helpers/server.ts';
import { clientFor, MEDIA, signedFetch, startS3Server } from './helpers.ts';

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

function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('error documents', () => {
  test('carry Code, Message, Resource and RequestId, and are never cached', async () => {
    const response = await signedFetch(server, 'GET', '/media/missing%20file.txt');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const xml = await response.text();
    expect(element(xml, 'Code')).toBe('NoSuchKey');
    expect(element(xml, 'Message')).toBeTruthy();
    expect(element(xml, 'Resource')).toBe('/media/missing%20file.txt');
    expect(element(xml, 'RequestId')).toMatch(/^[0-9A-F]{16}$/);
  });

  test('an unknown bucket is NoSuchBucket with the reference status 400', async () => {
    const response = await signedFetch(server, 'GET', '/nowhere', { query: { 'list-type': '2' } });
    expect(response.status).toBe(400);
    expect(element(await response.text(), 'Code')).toBe('NoSuchBucket');
  });

  test('malformed XML bodies are MalformedXML', async () => {
    const response = await signedFetch(server, 'POST', '/media', {
      query: { delete: '' },
      body: '<Delete><Object><Key>a</Key></Objec></Delete>',
    });
    expect(response.status).toBe(400);
    expect(element(await response.text(), 'Code')).toBe('MalformedXML');
  });

  test('sub-resources we do not offer are NotImplemented, not listings', async () => {
    const response = await signedFetch(server, 'GET', '/media', { query: { acl: '' } });
    expect(response.status).toBe(501);
    expect(element(await response.text(), 'Code')).toBe('NotImplemented');
  });

  test('a PUT of a key with an encoded dot-dot segment is a 400, as its GET is', async () => {
    for (const key of ['x/%2e%2e/y.txt', '%2E%2E/escape.txt']) {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'hi' }))
        .then(() => undefined, (error: { name: string; $metadata?: { httpStatusCode?: number } }) =>
          [error.name, error.$metadata?.httpStatusCode]);
      expect(put).toEqual(['InvalidRequest', 400]);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'x/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  test('object sub-resources never overwrite or delete the object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'kept.txt', Body: 'kept' }));
    const acl = await signedFetch(server, 'PUT', '/media/kept.txt', {
      query: { acl: '' }, body: '<AccessControlPolicy/>',
    });
    expect(acl.status).toBe(501);
    const tagging = await signedFetch(server, 'DELETE', '/media/kept.txt', {
      query: { tagging: '' },
    });
    expect(tagging.status).toBe(501);
    expect(await (await server.fetch('/media/kept.txt')).text()).toBe('kept');
  });
});

describe('buckets', () => {
  test('DeleteBucket refuses a bucket with objects (409 BucketNotEmpty)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'gallery', Key: 'keep.txt', Body: 'x' }));
    const promise = s3.send(new DeleteBucketCommand({ Bucket: 'gallery' }));
    await expect(promise).rejects.toMatchObject({
      name: 'BucketNotEmpty', $metadata: { httpStatusCode: 409 },
    });
  });

  test('HeadBucket of an unknown bucket fails', async () => {
    const promise = s3.send(new HeadBucketCommand({ Bucket: 'nowhere' }));
    await expect(promise).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('public and signed requests', () => {
  test('writes without credentials are refused with 401 and never reach storage', async () => {
    const put = await server.fetch('/media/anonymous.txt', { method: 'PUT', body: 'x' });
    expect(put.status).toBe(401);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media',
      Prefix: 'anonymous' }));
    expect(listed.KeyCount).toBe(0);
  });

  test('public GETs of objects keep working without credentials', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'public.txt', Body: 'open' }));
    const response = await server.fetch('/media/public.txt');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('open');
    expect(response.headers.get('cache-control')).toBeNull();
  });
});

describe('Signature V2', () => {
  function v2(method: string, path: string, headers: Record<string, string>,
    md5Slot = ''): Record<string, string> {
    const date = new Date().toUTCString();
    const type = headers['content-type'] ?? '';
    const toSign = `${method}\n${md5Slot}\n${type}\n${date}\n${path}`;
    const signature = createHmac('sha1', MEDIA.secretAccessKey).update(toSign).digest('base64');
    return { ...headers, date, authorization: `AWS ${MEDIA.accessKeyId}:${signature}` };
  }

  test('a V2 PUT with a valid signature stores the object', async () => {
    const headers = v2('PUT', '/media/v2.txt', { 'content-type': 'text/plain' });
    const put = await server.fetch('/media/v2.txt', { method: 'PUT', headers, body: 'v2 body' });
    expect(put.status).toBe(200);
    expect(await (await server.fetch('/media/v2.txt')).text()).toBe('v2 body');
  });

  test('the body-MD5 quirk is verified at the end of the body; a mismatch stores nothing',
    async () => {
      const md5 = new Bun.CryptoHasher('md5').update('quirk body').digest('base64');
      const good = v2('PUT', '/media/quirk.txt', {}, md5);
      const put = await server.fetch('/media/quirk.txt', {
        method: 'PUT', headers: good, body: 'quirk body',
      });
      expect(put.status).toBe(200);

      const forged = v2('PUT', '/media/forged.txt', {}, md5);
      const refused = await server.fetch('/media/forged.txt', {
        method: 'PUT', headers: forged, body: 'other body',
      });
      expect(refused.status).toBe(403);
      expect((await server.fetch('/media/forged.txt')).status).toBe(404);
    });
});
