// When authentication is required (§7.1) and the status of requests without credentials (§7.2).

import { describe, expect, test } from 'bun:test';

import { authenticate, bucketNameOf, isAuthRequired } from '../../../src/s3/auth/index.ts';
import type { AuthResult } from '../../../src/s3/auth/index.ts';
import { HOST, NOW, testConfig } from './helpers.ts';

async function run(
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<AuthResult> {
  const url = new URL(`http://${HOST}${target}`);
  return authenticate(new Request(url.href, { method, headers }), url, await testConfig(), NOW);
}

function statusOf(result: AuthResult): number | string {
  return result.kind === 'denied' ? result.response.status : result.kind;
}

describe('§7.1 when authentication is required', () => {
  test('GET, HEAD and OPTIONS of objects are public', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(await run(method, '/media/a.jpg')).toEqual({ kind: 'anonymous' });
      expect(await run(method, '/unknown/a.jpg')).toEqual({ kind: 'anonymous' });
    }
  });

  test('`/` always needs credentials', async () => {
    const url = new URL(`http://${HOST}/`);
    expect(isAuthRequired('GET', url, new Headers())).toBe(true);
    // No bucket is named "" and no bucket holds the empty key: 403 (§7.2 step 4).
    expect(statusOf(await run('GET', '/'))).toBe(403);
  });

  test('a read carrying credentials is checked, even on a public path', async () => {
    expect(statusOf(await run('GET', '/media/a', { authorization: 'Bearer x' }))).toBe(401);
    expect(statusOf(await run('GET', '/media/a', { authorization: 'AWS AKMEDIA:bad' }))).toBe(403);
    expect(statusOf(await run('HEAD', '/media/a?X-Amz-Signature=00'))).toBe(401);
  });

  test('writes always need credentials: 401 on a known bucket, 403 on an unknown one', async () => {
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
      expect(statusOf(await run(method, '/media/a'))).toBe(401);
      expect(statusOf(await run(method, '/unknown/a'))).toBe(403);
    }
  });

  test('the 401 reply is text/plain and empty', async () => {
    const result = await run('PUT', '/media/a');
    if (result.kind !== 'denied') throw new Error(result.kind);

    expect(result.response.headers.get('content-type')).toBe('text/plain');
    expect(await result.response.text()).toBe('');
  });
});

describe('bucketNameOf', () => {
  test('is the first path segment, decoded', () => {
    expect(bucketNameOf(new URL('http://h/media/a/b'))).toBe('media');
    expect(bucketNameOf(new URL('http://h/my%20bucket/a'))).toBe('my bucket');
    expect(bucketNameOf(new URL('http://h/'))).toBe('');
  });
});
