// The compress plugin behind a real Bun.serve: encoded bodies decode back to the file.

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { curl } from '../http/helpers.ts';
import { allStreamsClosed, type OriginServer, startOrigin } from '../http/origin-server.ts';

const items = Array.from({ length: 3000 }, (_, i) => `<li id="n${i}">${(i * 7919) % 1000}</li>`);
const PAGE = Buffer.from(items.join('\n'));
const TINY = Buffer.from('<p>short</p>');

let dir: string;
let server: OriginServer;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mort-compress-'));
  await writeFile(join(dir, 'page.html'), PAGE);
  await writeFile(join(dir, 'tiny.html'), TINY);
  server = startOrigin(dir, {
    gzip: { types: ['text/html'], level: 6 },
    brotli: { types: ['text/html'], level: 5 },
    zstd: { types: ['text/html'], level: 4 },
  });
  url = `${server.url}/stream/page.html`;
});

afterEach(() => allStreamsClosed(server));

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const DECODERS: Record<string, (bytes: Uint8Array) => Buffer> = {
  br: (bytes) => zlib.brotliDecompressSync(bytes),
  zstd: (bytes) => zlib.zstdDecompressSync(bytes),
  gzip: (bytes) => zlib.gunzipSync(bytes),
};

describe('fetch', () => {
  test.each(['br', 'zstd', 'gzip'])('%s bodies decode back to the file', async (coding) => {
    const headers = { 'accept-encoding': coding };
    const response = await fetch(url, { headers, decompress: false });
    const encoded = new Uint8Array(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe(coding);
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.has('content-length')).toBe(false);
    expect(response.headers.get('etag')).toBe(`W/"${PAGE.length}"`);
    expect(encoded.length).toBeLessThan(PAGE.length / 2);
    expect(DECODERS[coding]?.(encoded).equals(PAGE)).toBe(true);
  });

  test('the client q-values choose the coding', async () => {
    const response = await fetch(url, {
      headers: { 'accept-encoding': 'br;q=0.2, zstd;q=0.5, gzip;q=0.9' },
      decompress: false,
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(new Uint8Array(await response.arrayBuffer())).equals(PAGE)).toBe(true);
  });

  test('range and conditional requests get identity bytes', async () => {
    const ranged = await fetch(url, {
      headers: { 'accept-encoding': 'gzip', range: 'bytes=0-99' },
      decompress: false,
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.has('content-encoding')).toBe(false);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(PAGE.subarray(0, 100))).toBe(true);

    // The weak ETag of an encoded reply revalidates with a 304.
    const revalidated = await fetch(url, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': `W/"${PAGE.length}"` },
    });
    expect(revalidated.status).toBe(304);
  });

  test('bodies under 1000 bytes are sent as they are', async () => {
    const response = await fetch(`${server.url}/stream/tiny.html`, {
      headers: { 'accept-encoding': 'gzip, br, zstd' },
      decompress: false,
    });
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(await response.text()).toBe(TINY.toString());
  });

  test('HEAD reports no encoding', async () => {
    const response = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.has('content-encoding')).toBe(false);
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
  });
});

describe('curl', () => {
  test('--compressed decodes to the file (curl offers deflate, gzip, br, zstd)', async () => {
    const out = await curl(['--compressed', url]);
    expect(Buffer.from(out).equals(PAGE)).toBe(true);
  });

  test.each(['br', 'zstd', 'gzip'])('raw %s bytes decode with node:zlib', async (coding) => {
    const headerFile = join(dir, `headers-${coding}.txt`);
    const out = await curl(['-H', `Accept-Encoding: ${coding}`, '-D', headerFile, url]);
    const headers = await Bun.file(headerFile).text();

    expect(headers).toMatch(new RegExp(`content-encoding: ${coding}\\r\\n`, 'i'));
    expect(headers).toMatch(/transfer-encoding: chunked/i);
    expect(DECODERS[coding]?.(out).equals(PAGE)).toBe(true);
  });
});
