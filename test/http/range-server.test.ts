// Range and conditional requests against a real Bun.serve, checked with fetch and curl.

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curl, parseByteranges, patternBytes } from './helpers.ts';
import { allStreamsClosed, type OriginServer, startOrigin } from './origin-server.ts';

const SIZE = 300_000;
const BYTES = patternBytes(SIZE);
const MTIME = new Date('2022-11-15T08:12:31Z');
const LAST_MODIFIED = MTIME.toUTCString();
const ETAG = `"${SIZE}"`;

let dir: string;
let server: OriginServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mort-range-'));
  await writeFile(join(dir, 'photo.bin'), BYTES);
  await utimes(join(dir, 'photo.bin'), MTIME, MTIME);
  server = startOrigin(dir, { gzip: undefined, brotli: undefined, zstd: undefined });
});

afterEach(() => allStreamsClosed(server));

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Bun.serve sends Content-Length for Blob bodies only; for a ReadableStream Bun 1.4 drops it
 * and sends chunked. So the header is exact for `blob` and exact-or-absent for streams.
 */
function expectLength(response: Response, length: number, isBlob: boolean): void {
  const header = response.headers.get('content-length');
  if (isBlob) expect(header).toBe(String(length));
  else expect([null, String(length)]).toContain(header);
}

describe.each(['stream', 'blob'] as const)('fetch, %s slices', (mode) => {
  const isBlob = mode === 'blob';
  let url: string;

  beforeAll(() => {
    url = `${server.url}/${mode}/photo.bin`;
  });

  test('a plain GET is the full 200', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expectLength(response, SIZE, isBlob);
    expect(same(await bytes(response), BYTES)).toBe(true);
  });

  test('single, suffix and open-ended ranges are 206 with the right bytes', async () => {
    const cases: Array<[string, number, number]> = [
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=-500', SIZE - 500, SIZE - 1],
      ['bytes=299000-', 299_000, SIZE - 1],
      ['bytes=0-', 0, SIZE - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await fetch(url, { headers: { range } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
      expectLength(response, end - start + 1, isBlob);
      expect(same(await bytes(response), BYTES.subarray(start, end + 1))).toBe(true);
    }
  });

  test('several ranges come back as multipart/byteranges with each part intact', async () => {
    const response = await fetch(url, { headers: { range: 'bytes=0-99,150000-199999,-10' } });
    const contentType = response.headers.get('content-type') ?? '';
    const body = await bytes(response);

    expect(response.status).toBe(206);
    expectLength(response, body.length, false);
    const parts = parseByteranges(body, contentType);
    const expected: Array<[number, number]> = [[0, 99], [150_000, 199_999], [SIZE - 10, SIZE - 1]];
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => {
      const [start, end] = expected[i] ?? [0, 0];
      expect(part.headers['content-type']).toBe('image/jpeg');
      expect(part.headers['content-range']).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(same(part.body, BYTES.subarray(start, end + 1))).toBe(true);
    });
  });

  test('unsatisfiable and malformed ranges are 416', async () => {
    const beyond = await fetch(url, { headers: { range: `bytes=${SIZE}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect(await beyond.text()).toBe('invalid range: failed to overlap\n');

    const malformed = await fetch(url, { headers: { range: 'bytes=abc' } });
    expect(malformed.status).toBe(416);
    expect(await malformed.text()).toBe('invalid range\n');
  });

  test('overlapping ranges larger than the file get the full 200', async () => {
    const response = await fetch(url, { headers: { range: 'bytes=0-,100-' } });
    expect(response.status).toBe(200);
    expect(same(await bytes(response), BYTES)).toBe(true);
  });

  test('If-None-Match and If-Modified-Since give 304, If-Match 412', async () => {
    const byTag = await fetch(url, { headers: { 'if-none-match': ETAG } });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(ETAG);
    expect(byTag.headers.has('last-modified')).toBe(false);
    expect(await byTag.text()).toBe('');

    const byDate = await fetch(url, { headers: { 'if-modified-since': LAST_MODIFIED } });
    expect(byDate.status).toBe(304);

    const failed = await fetch(url, { headers: { 'if-match': '"other"' } });
    expect(failed.status).toBe(412);
    expect(await failed.text()).toBe('');

    const changed = await fetch(url, { headers: { 'if-none-match': '"other"' } });
    expect(changed.status).toBe(200);
    expect(same(await bytes(changed), BYTES)).toBe(true);
  });

  test('If-Range: a matching validator allows the range, a stale one sends all', async () => {
    const fresh = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': ETAG } });
    expect(fresh.status).toBe(206);
    expect(same(await bytes(fresh), BYTES.subarray(0, 10))).toBe(true);

    const byDate = await fetch(url, {
      headers: { range: 'bytes=0-9', 'if-range': LAST_MODIFIED },
    });
    expect(byDate.status).toBe(206);
    await byDate.arrayBuffer();

    const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
    expect(stale.status).toBe(200);
    expect(same(await bytes(stale), BYTES)).toBe(true);
  });

  test('HEAD with a range reports the 206 headers only', async () => {
    const response = await fetch(url, { method: 'HEAD', headers: { range: 'bytes=10-19' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${SIZE}`);
    expect(await response.text()).toBe('');
  });

  test('a client that aborts mid-body releases the file stream', async () => {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});

describe('curl', () => {
  let url: string;

  beforeAll(() => {
    url = `${server.url}/stream/photo.bin`;
  });

  test('-r with one range returns exactly those bytes', async () => {
    const out = await curl(['-r', '100-4195', url]);
    expect(same(out, BYTES.subarray(100, 4196))).toBe(true);
  });

  test('-r on Blob slices sends the exact Content-Length', async () => {
    const out = new TextDecoder().decode(
      await curl(['-r', '100-4195', '-D', '-', '-o', '/dev/null', `${server.url}/blob/photo.bin`]),
    );
    expect(out).toStartWith('HTTP/1.1 206');
    expect(out).toMatch(/content-length: 4096\r\n/i);
    expect(out).toMatch(new RegExp(`content-range: bytes 100-4195/${SIZE}\r\n`, 'i'));
  });

  test('-r with several ranges returns a parseable multipart body', async () => {
    const headerFile = join(dir, 'headers.txt');
    const out = await curl(['-r', '0-9,20-29,-5', '-D', headerFile, url]);
    const headers = await Bun.file(headerFile).text();
    const contentType = /content-type: (.*)\r\n/i.exec(headers)?.[1] ?? '';

    expect(headers).toStartWith('HTTP/1.1 206');
    const parts = parseByteranges(out, contentType);
    expect(parts.map((part) => part.body.length)).toEqual([10, 10, 5]);
    expect(same(parts[2]?.body ?? new Uint8Array(), BYTES.subarray(SIZE - 5))).toBe(true);
  });

  test('status codes for 416, 304, 412 and If-Range', async () => {
    const status = async (...args: string[]) =>
      new TextDecoder().decode(await curl(['-o', '/dev/null', '-w', '%{http_code}', ...args, url]));

    expect(await status('-r', `${SIZE + 1}-`)).toBe('416');
    expect(await status('-H', 'Range: lines=1-2')).toBe('416');
    expect(await status('-H', `If-None-Match: W/${ETAG}`)).toBe('304');
    expect(await status('-z', LAST_MODIFIED)).toBe('304');
    expect(await status('-H', 'If-Match: "nope"')).toBe('412');
    expect(await status('-H', 'If-Unmodified-Since: Mon, 14 Nov 2022 00:00:00 GMT')).toBe('412');
    expect(await status('-r', '0-1', '-H', `If-Range: ${ETAG}`)).toBe('206');
    expect(await status('-r', '0-1', '-H', 'If-Range: Mon, 14 Nov 2022 00:00:00 GMT')).toBe('200');
  });
});

test('the leak check above saw the file streams it tracks', () => {
  expect(server.streams.opened).toBeGreaterThan(10);
  expect(server.streams.closed).toBe(server.streams.opened);
});
