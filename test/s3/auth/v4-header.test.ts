// V4 header authentication with requests signed by the AWS SDK's signer (§7.2, §7.3, §12.5).

import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';

import { authenticate, BodyVerificationError } from '../../../src/s3/auth/index.ts';
import type { AuthResult, AuthenticatedResult } from '../../../src/s3/auth/index.ts';
import {
  ARCHIVE,
  keyPath,
  MEDIA,
  MEDIA_IN_ARCHIVE,
  NOW,
  readAll,
  signedRequest,
  testConfig,
} from './helpers.ts';
import type { SignOptions } from './helpers.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function check(request: Request, now = NOW): Promise<AuthResult> {
  return authenticate(request, new URL(request.url), await testConfig(), now);
}

async function auth(options: SignOptions, now = NOW): Promise<AuthResult> {
  return check(await signedRequest(options), now);
}

function expectAuthenticated(result: AuthResult): AuthenticatedResult {
  if (result.kind !== 'authenticated') throw new Error(`expected authenticated: ${result.kind}`);
  return result;
}

async function expectDenied(result: AuthResult, status: number): Promise<Response> {
  if (result.kind !== 'denied') throw new Error(`expected denied, got ${result.kind}`);
  expect(result.response.status).toBe(status);
  return result.response;
}

const emptyHash = { 'x-amz-content-sha256': sha256('') };

describe('V4 header authentication', () => {
  test('accepts a GET signed with the empty payload hash', async () => {
    const result = expectAuthenticated(await auth({ path: '/media/a.jpg', headers: emptyHash }));

    expect(result.accessKey).toBe(MEDIA.accessKey);
    expect(result.bucket).toBe('media');
    expect(result.scheme).toBe('v4-header');
    expect(result.payload).toBe('sha256');
  });

  test('accepts a PUT with a signed payload hash and streams the verified body', async () => {
    const body = 'hello image';
    const result = expectAuthenticated(
      await auth({
        method: 'PUT',
        path: '/media/up.txt',
        body,
        headers: { 'x-amz-content-sha256': sha256(body), 'content-length': String(body.length) },
      }),
    );

    expect(result.contentLength).toBe(body.length);
    expect(await readAll(result.wrapBody(new Response(body).body))).toBe(body);
  });

  test('a body that differs from the signed hash errors the stream at its end', async () => {
    const result = expectAuthenticated(
      await auth({
        method: 'PUT',
        path: '/media/up.txt',
        body: 'original',
        headers: { 'x-amz-content-sha256': sha256('original') },
      }),
    );
    const error = await readAll(result.wrapBody(new Response('tampered').body)).catch((e) => e);

    expect(error).toBeInstanceOf(BodyVerificationError);
    expect(error.s3Code).toBe('XAmzContentSHA256Mismatch');
    expect(error.toResponse().status).toBe(400);
  });

  test('accepts UNSIGNED-PAYLOAD and passes the body through', async () => {
    const result = expectAuthenticated(
      await auth({
        method: 'PUT',
        path: '/media/u.bin',
        body: 'anything',
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
    );

    expect(result.payload).toBe('unsigned');
    expect(await readAll(result.wrapBody(new Response('anything').body))).toBe('anything');
  });

  test('verifies an x-amz-checksum-crc32 header against the body', async () => {
    const headers = {
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-amz-checksum-crc32': 'NhCmhg==', // CRC32 of "hello", as the SDK sends it
    };
    const good = expectAuthenticated(await auth({ method: 'PUT', path: '/media/c', headers }));
    const bad = expectAuthenticated(await auth({ method: 'PUT', path: '/media/c', headers }));

    expect(await readAll(good.wrapBody(new Response('hello').body))).toBe('hello');
    const error = await readAll(bad.wrapBody(new Response('hellO').body)).catch((e) => e);
    expect(error.s3Code).toBe('BadDigest');
  });

  test('takes the region from the credential scope', async () => {
    for (const region of ['mort', 'us-east-1', 'eu-central-1']) {
      expectAuthenticated(await auth({ path: '/media/a.jpg', headers: emptyHash, region }));
    }
  });

  test('a wrong secret is refused with 403, empty body and no content type', async () => {
    const credentials = { accessKey: MEDIA.accessKey, secret: 'wrong' };
    const response = await expectDenied(
      await auth({ path: '/media/a.jpg', headers: emptyHash, credentials }),
      403,
    );

    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
  });

  test('an access key unknown to the bucket is refused with 401 text/plain', async () => {
    const response = await expectDenied(
      await auth({ path: '/media/a.jpg', headers: emptyHash, credentials: ARCHIVE }),
      401,
    );

    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('');
  });

  test('a bucket without keys refuses every signed request with 401', async () => {
    await expectDenied(await auth({ path: '/nokeys/a.jpg', headers: emptyHash }), 401);
  });

  test('an unknown bucket uses the first bucket in config order that holds the key', async () => {
    const result = expectAuthenticated(
      await auth({ path: '/elsewhere/a.jpg', headers: emptyHash, credentials: ARCHIVE }),
    );
    expect(result.bucket).toBe('archive');

    // AKMEDIA is in media (first) and archive: media's secret applies.
    expectAuthenticated(await auth({ path: '/elsewhere/x', headers: emptyHash }));
    const other = await auth({
      path: '/elsewhere/x',
      headers: emptyHash,
      credentials: MEDIA_IN_ARCHIVE,
    });
    await expectDenied(other, 403);
  });

  test('the path bucket decides which secret of a shared access key applies', async () => {
    const result = expectAuthenticated(
      await auth({ path: '/archive/a', headers: emptyHash, credentials: MEDIA_IN_ARCHIVE }),
    );
    expect(result.bucket).toBe('archive');
    await expectDenied(await auth({ path: '/archive/a', headers: emptyHash }), 403);
  });

  test('an unknown bucket and unknown key is refused with 403', async () => {
    const credentials = { accessKey: 'NOBODY', secret: 'x' };
    await expectDenied(await auth({ path: '/elsewhere/a', headers: emptyHash, credentials }), 403);
  });

  test('a tampered path, query or signed header is refused with 403', async () => {
    const request = await signedRequest({
      path: '/media/a.jpg',
      query: { versionId: '1' },
      headers: { ...emptyHash, 'x-amz-meta-note': 'a' },
    });
    const tamper = async (url: string, headers: Record<string, string> = {}) => {
      const merged = new Headers(request.headers);
      for (const [name, value] of Object.entries(headers)) merged.set(name, value);
      return check(new Request(url, { headers: merged }));
    };

    expectAuthenticated(await check(request));
    await expectDenied(await tamper(request.url.replace('a.jpg', 'b.jpg')), 403);
    await expectDenied(await tamper(request.url.replace('versionId=1', 'versionId=2')), 403);
    await expectDenied(await tamper(request.url, { 'x-amz-meta-note': 'b' }), 403);
  });

  test('headers the client did not sign may change (§12.5)', async () => {
    const request = await signedRequest({ path: '/media/a.jpg', headers: emptyHash });
    const headers = new Headers(request.headers);
    headers.set('x-amz-meta-unsigned', 'added by a proxy');
    headers.set('user-agent', 'changed');

    expectAuthenticated(await check(new Request(request.url, { headers })));
  });

  test('refuses a request signed more than 15 minutes away from the server clock', async () => {
    const signingDate = new Date(NOW.getTime() - 16 * 60 * 1000);
    const response = await expectDenied(
      await auth({ path: '/media/a', headers: emptyHash, signingDate }),
      403,
    );

    expect(await response.text()).toContain('<Code>RequestTimeTooSkewed</Code>');
    expect(response.headers.get('content-type')).toBe('application/xml');

    const future = new Date(NOW.getTime() + 16 * 60 * 1000);
    const ahead = await auth({ path: '/media/a', headers: emptyHash, signingDate: future });
    await expectDenied(ahead, 403);

    const close = new Date(NOW.getTime() - 14 * 60 * 1000);
    expectAuthenticated(await auth({ path: '/media/a', headers: emptyHash, signingDate: close }));
  });

  test('a PUT with a body but no x-amz-content-sha256 is refused', async () => {
    const request = await signedRequest({ method: 'PUT', path: '/media/a', body: 'x' });
    const headers = new Headers(request.headers);
    headers.delete('x-amz-content-sha256');

    const result = await check(new Request(request.url, { method: 'PUT', headers, body: 'x' }));
    const response = await expectDenied(result, 400);
    expect(await response.text()).toContain('MissingSecurityHeader');
  });

  test('a GET without x-amz-content-sha256 is signed over the empty payload', async () => {
    expectAuthenticated(await auth({ path: '/media/a.jpg' }));
  });

  test('GET / with valid credentials lists buckets, for any method', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const result = await auth({ method, path: '/', headers: emptyHash });
      expect(result).toEqual({ kind: 'list-buckets', accessKey: MEDIA.accessKey });
    }
  });
});

describe('object keys with spaces, unicode and reserved characters', () => {
  const keys = [
    'with space.jpg',
    'ünïcödé/日本語/файл.png',
    'plus+equals=amp&percent%paren(s).jpg',
    "quote'bang!star*tilde~comma,semi;colon:at@dollar$.jpg",
    'deep/nested/path/with spaces/+/=/&/%.bin',
    'emoji 🎉.gif',
  ];

  for (const key of keys) {
    test(`signs and verifies ${JSON.stringify(key)}`, async () => {
      const path = keyPath('media', key);
      const result = expectAuthenticated(await auth({ path, headers: emptyHash }));
      expect(result.bucket).toBe('media');
    });
  }

  test('query values with reserved characters verify (ListObjects prefix)', async () => {
    const query = { 'list-type': '2', prefix: 'a b/+=&%(x)/ü', delimiter: '/' };
    expectAuthenticated(await auth({ path: '/media/', query, headers: emptyHash }));
  });

  test('a key sent with raw reserved characters but signed encoded still verifies', async () => {
    // Some clients leave `(`, `)`, `!`, `*`, `'` unescaped on the wire and sign them escaped.
    const signed = await signedRequest({ path: keyPath('media', "a(b)!*'c"), headers: emptyHash });
    const raw = signed.url.replace('%28', '(').replace('%29', ')').replace('%21', '!');

    expectAuthenticated(await check(new Request(raw, { headers: signed.headers })));
  });
});
