// Listings with S3 semantics through the SDK and signed raw requests: ListObjects V1 and V2,
// prefix, delimiter (also the reference's `delimeter`), pagination, start-after, url encoding.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

import type { TestServer } from '../../helpers/server.ts';
import { clientFor, signedFetch, startS3Server } from './helpers.ts';

let server: TestServer;
let s3: S3Client;
const KEYS = ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'a/b/c/4.txt', 'c.txt', 'd e.txt', 'z/9.txt'];

beforeAll(async () => {
  server = await startS3Server();
  s3 = clientFor(server);
  for (const key of KEYS) {
    await s3.send(new PutObjectCommand({ Bucket: 'gallery', Key: key, Body: key }));
  }
});

afterAll(async () => {
  s3.destroy();
  await server.close();
});

describe('ListObjectsV2', () => {
  test('without a delimiter lists every key, relative to the bucket', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'gallery' }));
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual(KEYS);
    expect(listed.KeyCount).toBe(KEYS.length);
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Contents?.[0]?.Size).toBe('a/1.txt'.length);
  });

  test('a delimiter rolls sub-folders up into CommonPrefixes', async () => {
    const root = await s3.send(new ListObjectsV2Command({ Bucket: 'gallery', Delimiter: '/' }));
    expect(root.Contents?.map((entry) => entry.Key)).toEqual(['c.txt', 'd e.txt']);
    expect(root.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/', 'z/']);

    const nested = await s3.send(new ListObjectsV2Command({
      Bucket: 'gallery', Prefix: 'a/', Delimiter: '/',
    }));
    expect(nested.Contents?.map((entry) => entry.Key)).toEqual(['a/1.txt', 'a/2.txt']);
    expect(nested.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/b/']);
    expect(nested.KeyCount).toBe(3);
  });

  test('pages with MaxKeys and continuation tokens cover everything once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({
        Bucket: 'gallery', MaxKeys: 2, ContinuationToken: token,
      }));
      seen.push(...(page.Contents ?? []).map((entry) => entry.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(seen).toEqual(KEYS);
    expect(pages).toBe(4);
  });

  test('StartAfter skips keys up to and including it', async () => {
    const listed = await s3.send(new ListObjectsV2Command({
      Bucket: 'gallery', StartAfter: 'a/b/c/4.txt',
    }));
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual(['c.txt', 'd e.txt', 'z/9.txt']);
  });

  test('EncodingType=url encodes keys', async () => {
    const listed = await s3.send(new ListObjectsV2Command({
      Bucket: 'gallery', Prefix: 'd', EncodingType: 'url',
    }));
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual(['d%20e.txt']);
  });

  test('an invalid continuation token is InvalidArgument', async () => {
    const promise = s3.send(new ListObjectsV2Command({
      Bucket: 'gallery', ContinuationToken: '!!!',
    }));
    await expect(promise).rejects.toMatchObject({ name: 'InvalidArgument' });
  });
});

describe('ListObjects (V1)', () => {
  test('Marker and NextMarker page through a delimited listing', async () => {
    const first = await s3.send(new ListObjectsCommand({
      Bucket: 'gallery', Delimiter: '/', MaxKeys: 2,
    }));
    expect(first.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/']);
    expect(first.Contents?.map((entry) => entry.Key)).toEqual(['c.txt']);
    expect(first.IsTruncated).toBe(true);
    expect(first.NextMarker).toBe('c.txt');

    const second = await s3.send(new ListObjectsCommand({
      Bucket: 'gallery', Delimiter: '/', MaxKeys: 2, Marker: first.NextMarker,
    }));
    expect(second.Contents?.map((entry) => entry.Key)).toEqual(['d e.txt']);
    expect(second.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['z/']);
    expect(second.IsTruncated).toBe(false);
  });

  test('the misspelled `delimeter` of the reference works as a delimiter', async () => {
    const response = await signedFetch(server, 'GET', '/gallery', {
      query: { delimeter: '/', prefix: 'a/b/' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const xml = await response.text();
    expect(xml).toContain('<Key>a/b/3.txt</Key>');
    expect(xml).toContain('<CommonPrefixes><Prefix>a/b/c/</Prefix></CommonPrefixes>');
    expect(xml).not.toContain('4.txt');
  });

  test('GET /<bucket>/ lists the bucket root too (SPEC §12.38)', async () => {
    const response = await signedFetch(server, 'GET', '/gallery/', { query: { prefix: 'z' } });
    expect(await response.text()).toContain('<Key>z/9.txt</Key>');
  });
});

describe('bucket calls', () => {
  test('HeadBucket answers 200 and GetBucketLocation the reference EU', async () => {
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'gallery' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'gallery' }));
    expect(location.LocationConstraint).toBe('EU');
  });

  test('listings need credentials', async () => {
    expect((await server.fetch('/gallery')).status).toBe(403);
    expect((await server.fetch('/')).status).toBe(403);
  });
});
