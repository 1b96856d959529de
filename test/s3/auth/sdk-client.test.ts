// A real `S3Client` (path style) against a tiny Bun.serve that runs `authenticate` on every
// request: what the SDK actually sends must verify, bodies included.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

import type { MortConfig } from '../../../src/config/index.ts';
import { authenticate, isBodyVerificationError } from '../../../src/s3/auth/index.ts';
import type { PayloadForm } from '../../../src/s3/auth/index.ts';
import { ARCHIVE, MEDIA, testConfig } from './helpers.ts';

/** What the server saw for one request. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly kind: string;
  readonly status: number;
  readonly payload?: PayloadForm;
  readonly body?: string;
  readonly bodyError?: string;
}

const seen: Seen[] = [];
let server: ReturnType<typeof Bun.serve>;
let config: MortConfig;

const LIST_XML =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>media</Name>' +
  '<Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>' +
  '<IsTruncated>false</IsTruncated></ListBucketResult>';

async function answer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const result = authenticate(request, url, config);
  const base = { method: request.method, path: url.pathname + url.search, kind: result.kind };

  if (result.kind === 'denied') {
    seen.push({ ...base, status: result.response.status });
    return result.response;
  }

  if (result.kind !== 'authenticated') {
    seen.push({ ...base, status: 500 });
    return new Response(null, { status: 500 });
  }

  try {
    const body = await new Response(result.wrapBody(request.body)).text();
    seen.push({ ...base, status: 200, payload: result.payload, body });
  } catch (error) {
    if (!isBodyVerificationError(error)) throw error;
    seen.push({ ...base, status: error.status, bodyError: error.s3Code });
    return error.toResponse();
  }

  if (request.method === 'DELETE') return new Response(null, { status: 204 });
  if (url.searchParams.has('list-type')) {
    return new Response(LIST_XML, { headers: { 'content-type': 'application/xml' } });
  }

  return new Response(request.method === 'GET' ? 'object body' : null, {
    headers: { etag: '"etag"', 'content-type': 'text/plain' },
  });
}

beforeAll(async () => {
  config = await testConfig();
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: answer });
});

afterAll(() => {
  server.stop(true);
});

function client(overrides: Partial<S3ClientConfig> = {}, credentials = MEDIA): S3Client {
  return new S3Client({
    region: 'mort',
    endpoint: `http://127.0.0.1:${server.port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKey, secretAccessKey: credentials.secret },
    maxAttempts: 2,
    ...overrides,
  });
}

/** Runs one command and returns what the server recorded for it. */
async function record(s3: S3Client, run: (s3: S3Client) => Promise<unknown>): Promise<Seen[]> {
  const start = seen.length;
  await run(s3);
  return seen.slice(start);
}

const KEY = 'dir/with space/ü+(1)=&%.jpg';

describe('AWS SDK v3 S3Client against authenticate', () => {
  test('PutObject with a string body: signed SHA-256 payload', async () => {
    const s3 = client();
    const [put] = await record(s3, (c) =>
      c.send(new PutObjectCommand({ Bucket: 'media', Key: KEY, Body: 'string body' })),
    );

    expect(put).toMatchObject({ kind: 'authenticated', payload: 'sha256', body: 'string body' });
    s3.destroy();
  });

  test('PutObject with a Buffer body: signed SHA-256 payload', async () => {
    const s3 = client();
    const body = Buffer.from([0, 1, 2, 255, 254]);
    const [put] = await record(s3, (c) =>
      c.send(new PutObjectCommand({ Bucket: 'media', Key: 'b.bin', Body: body })),
    );

    expect(put).toMatchObject({ kind: 'authenticated', payload: 'sha256' });
    expect(Buffer.from(put!.body!, 'latin1')).toHaveLength(5);
    s3.destroy();
  });

  test('PutObject with a stream body: aws-chunked, unsigned, CRC32 trailer', async () => {
    const s3 = client();
    const stream = Readable.from(['first ', 'second ', 'end'].map((s) => Buffer.from(s)));
    const [put] = await record(s3, (c) =>
      c.send(
        new PutObjectCommand({ Bucket: 'media', Key: KEY, Body: stream, ContentLength: 16 }),
      ),
    );

    expect(put).toMatchObject({
      kind: 'authenticated',
      payload: 'aws-chunked-unsigned',
      body: 'first second end',
    });
    s3.destroy();
  });

  test('PutObject stream with checksums only when required: UNSIGNED-PAYLOAD', async () => {
    const s3 = client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
    const stream = Readable.from([Buffer.from('plain stream')]);
    const [put] = await record(s3, (c) =>
      c.send(new PutObjectCommand({ Bucket: 'media', Key: 's', Body: stream, ContentLength: 12 })),
    );

    expect(put).toMatchObject({ kind: 'authenticated', payload: 'unsigned', body: 'plain stream' });
    s3.destroy();
  });

  test('GetObject, ListObjectsV2 and DeleteObject verify', async () => {
    const s3 = client();
    const seenNow = await record(s3, async (c) => {
      const object = await c.send(new GetObjectCommand({ Bucket: 'media', Key: KEY }));
      expect(await object.Body!.transformToString()).toBe('object body');
      await c.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'dir/with space/+' }));
      await c.send(new DeleteObjectCommand({ Bucket: 'media', Key: KEY }));
    });

    expect(seenNow.map((s) => [s.method, s.kind])).toEqual([
      ['GET', 'authenticated'],
      ['GET', 'authenticated'],
      ['DELETE', 'authenticated'],
    ]);
    s3.destroy();
  });

  test('a wrong secret fails with 403 and an unknown key with 401', async () => {
    const wrong = client({}, { accessKey: MEDIA.accessKey, secret: 'wrong' });
    const foreign = client({}, ARCHIVE);
    const put = (s3: S3Client) =>
      s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'x' })).catch((e) => e);

    expect((await put(wrong)).$metadata.httpStatusCode).toBe(403);
    expect((await put(foreign)).$metadata.httpStatusCode).toBe(401);
    wrong.destroy();
    foreign.destroy();
  });

  test('over HTTP, 401 is text/plain and empty, 403 has neither body nor type', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const unauthorized = await fetch(`${base}/media/k`, { method: 'PUT', body: 'x' });
    const forbidden = await fetch(`${base}/media/k`, {
      method: 'PUT',
      headers: { authorization: 'AWS AKMEDIA:bad', date: new Date().toUTCString() },
      body: 'x',
    });

    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toBe('text/plain');
    expect(await unauthorized.text()).toBe('');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toBeNull();
    expect(await forbidden.text()).toBe('');
  });

  test('a clock 20 minutes off gets RequestTimeTooSkewed; the SDK adopts our Date', async () => {
    const s3 = client({ systemClockOffset: -20 * 60 * 1000 });
    const put = () => s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'k', Body: 'late' }));

    const error = await put().catch((e) => e);
    expect(error.name).toBe('RequestTimeTooSkewed');
    expect(error.$metadata.httpStatusCode).toBe(403);

    // The SDK re-derived its clock offset from the response's Date header; the next call passes.
    const [next] = await record(s3, put);
    expect(next).toMatchObject({ kind: 'authenticated', status: 200 });
    s3.destroy();
  });
});
