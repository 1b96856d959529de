// Signature V2 header authentication (§7.3): expected signatures computed in the test by the
// documented algorithm, plus the known answers of the AWS V2 documentation.

import { describe, expect, test } from 'bun:test';
import { createHash, createHmac } from 'node:crypto';

import { authenticate } from '../../../src/s3/auth/index.ts';
import type { AuthResult } from '../../../src/s3/auth/index.ts';
import { configOf, HOST, MEDIA, NOW, readAll, testConfig } from './helpers.ts';

interface V2Options {
  readonly method?: string;
  /** Path and query as sent. */
  readonly target: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** CanonicalResource; defaults to the path. */
  readonly resource?: string;
  /** Value for the Content-MD5 slot; defaults to the Content-MD5 header. */
  readonly md5Slot?: string;
  readonly secret?: string;
}

const HTTP_NOW = NOW.toUTCString();

/** StringToSign = METHOD\nContent-MD5\nContent-Type\nDate\nCanonicalAmzHeaders + Resource. */
function v2Request(options: V2Options): Request {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { host: HOST, date: HTTP_NOW, ...options.headers };
  const amz = Object.keys(headers)
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map((name) => `${name}:${headers[name]!.trim()}\n`)
    .join('');
  const dateSlot = 'x-amz-date' in headers ? '' : headers['date'];
  const resource = options.resource ?? options.target.split('?')[0];
  const stringToSign = [
    method,
    options.md5Slot ?? headers['content-md5'] ?? '',
    headers['content-type'] ?? '',
    dateSlot,
    `${amz}${resource}`,
  ].join('\n');
  const signature = createHmac('sha1', options.secret ?? MEDIA.secret)
    .update(stringToSign)
    .digest('base64');

  return new Request(`http://${HOST}${options.target}`, {
    method,
    headers: { ...headers, authorization: `AWS ${MEDIA.accessKey}:${signature}` },
    body: options.body ?? null,
  });
}

async function check(request: Request, now = NOW): Promise<AuthResult> {
  return authenticate(request, new URL(request.url), await testConfig(), now);
}

describe('Signature V2', () => {
  test('a GET signed with the Date header is authenticated', async () => {
    const result = await check(v2Request({ target: '/media/photos/a%20b.jpg' }));

    expect(result.kind).toBe('authenticated');
    if (result.kind === 'authenticated') expect(result.scheme).toBe('v2');
  });

  test('a PUT with Content-Type, Content-MD5 and x-amz-meta headers', async () => {
    const body = 'image bytes';
    const md5 = createHash('md5').update(body).digest('base64');
    const request = v2Request({
      method: 'PUT',
      target: '/media/up.jpg',
      body,
      headers: {
        'content-type': 'image/jpeg',
        'content-md5': md5,
        'x-amz-meta-b': 'two',
        'x-amz-meta-a': ' one ',
        'x-amz-acl': 'public-read',
      },
    });
    const result = await check(request);

    if (result.kind !== 'authenticated') throw new Error(result.kind);
    expect(result.payload).toBe('unsigned');
    expect(await readAll(result.wrapBody(new Response(body).body))).toBe(body);

    // Content-MD5 is checked against the body as well.
    const error = await readAll(result.wrapBody(new Response('other').body)).catch((e) => e);
    expect(error.s3Code).toBe('BadDigest');
  });

  test('the Date slot is empty when x-amz-date is sent', async () => {
    const request = v2Request({ target: '/media/a', headers: { 'x-amz-date': HTTP_NOW } });
    expect((await check(request)).kind).toBe('authenticated');
  });

  test('sub-resources are part of the CanonicalResource, sorted, with values', async () => {
    const target = '/media/big.bin?uploadId=abc&partNumber=2&foo=bar';
    const resource = '/media/big.bin?partNumber=2&uploadId=abc';
    expect((await check(v2Request({ method: 'PUT', target, resource }))).kind).toBe(
      'authenticated',
    );

    const acl = v2Request({ target: '/media/a?acl', resource: '/media/a?acl' });
    expect((await check(acl)).kind).toBe('authenticated');
  });

  test('the reference form `?<first sub-resource>` is accepted too', async () => {
    const target = '/media/big.bin?uploadId=abc&partNumber=2';
    const request = v2Request({ method: 'PUT', target, resource: '/media/big.bin?uploadId' });
    expect((await check(request)).kind).toBe('authenticated');
  });

  test('reference quirk: body MD5 in the Content-MD5 slot, verified at the body end', async () => {
    const body = 'quirky body';
    const md5Slot = createHash('md5').update(body).digest('base64');
    const request = v2Request({ method: 'PUT', target: '/media/q', body, md5Slot });
    const result = await check(request);

    if (result.kind !== 'authenticated') throw new Error(result.kind);
    expect(result.payload).toBe('v2-body-md5');
    expect(await readAll(result.wrapBody(new Response(body).body))).toBe(body);

    const error = await readAll(result.wrapBody(new Response('forged body').body)).catch((e) => e);
    expect(error.s3Code).toBe('SignatureDoesNotMatch');
    // Still a §7.2 signature mismatch: 403 with neither body nor content type.
    const response = error.toResponse();
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBeNull();
  });

  test('a wrong secret is 403 with an empty body', async () => {
    const result = await check(v2Request({ target: '/media/a', secret: 'wrong' }));

    if (result.kind !== 'denied') throw new Error(result.kind);
    expect(result.response.status).toBe(403);
    expect(await result.response.text()).toBe('');
  });

  test('a Date more than 15 minutes off is refused', async () => {
    const late = new Date(NOW.getTime() + 20 * 60 * 1000);
    const result = await check(v2Request({ target: '/media/a' }), late);

    if (result.kind !== 'denied') throw new Error(result.kind);
    expect(await result.response.text()).toContain('RequestTimeTooSkewed');
  });

  test('an unknown scheme is 401', async () => {
    const request = new Request(`http://${HOST}/media/a`, {
      method: 'PUT',
      headers: { authorization: 'Bearer token' },
    });
    const result = await check(request);

    if (result.kind !== 'denied') throw new Error(result.kind);
    expect(result.response.status).toBe(401);
  });
});

describe('AWS V2 documentation examples (bucket johnsmith, path style)', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const config = configOf(`
buckets:
  johnsmith:
    keys:
      - accessKey: "AKIAIOSFODNN7EXAMPLE"
        secretAccessKey: "${SECRET}"
    storages:
      basic: {kind: noop}
`);

  async function run(target: string, init: RequestInit, date: string): Promise<string> {
    const url = new URL(`http://s3.amazonaws.com${target}`);
    const result = authenticate(new Request(url.href, init), url, await config, new Date(date));
    return result.kind;
  }

  const auth = (signature: string) => `AWS AKIAIOSFODNN7EXAMPLE:${signature}`;

  test('GET object', async () => {
    const date = 'Tue, 27 Mar 2007 19:36:42 +0000';
    const headers = { date, authorization: auth('bWq2s1WEIj+Ydj0vQ697zp+IXMU=') };
    expect(await run('/johnsmith/photos/puppy.jpg', { headers }, date)).toBe('authenticated');
  });

  test('PUT object with Content-Type', async () => {
    const date = 'Tue, 27 Mar 2007 21:15:45 +0000';
    const headers = {
      date,
      'content-type': 'image/jpeg',
      authorization: auth('MyyxeRY7whkBe+bq8fHCL/2kKUg='),
    };
    const init = { method: 'PUT', headers, body: 'x' };
    expect(await run('/johnsmith/photos/puppy.jpg', init, date)).toBe('authenticated');
  });

  test('list with query parameters that are not sub-resources', async () => {
    const date = 'Tue, 27 Mar 2007 19:42:41 +0000';
    const headers = { date, authorization: auth('htDYFYduRNen8P9ZfE/s9SuKy0U=') };
    const target = '/johnsmith/?prefix=photos&max-keys=50&marker=puppy';
    expect(await run(target, { headers }, date)).toBe('authenticated');
  });

  test('GET ?acl', async () => {
    const date = 'Tue, 27 Mar 2007 19:44:46 +0000';
    const headers = { date, authorization: auth('c2WLPFtWHVgbEmeEG93a4cG37dM=') };
    expect(await run('/johnsmith/?acl', { headers }, date)).toBe('authenticated');
  });
});
