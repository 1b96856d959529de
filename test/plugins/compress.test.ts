import { describe, expect, test } from 'bun:test';
import zlib from 'node:zlib';
import type { CompressPluginConfig } from '../../src/config/types.ts';
import { compress } from '../../src/plugins/compress.ts';
import { brotliQuality, gzipLevel, zstdLevel } from '../../src/plugins/encoder.ts';
import { trackedStream } from '../http/helpers.ts';

const HTML = new TextEncoder().encode('<p>hello compressible world</p>\n'.repeat(200));
const ALL: CompressPluginConfig = {
  gzip: { types: ['text/html', 'application/json'], level: 6 },
  brotli: { types: ['text/html'], level: 4 },
  zstd: { types: ['text/html'], level: 5 },
};

function page(extra: Record<string, string> = {}, status = 200, body: Uint8Array = HTML) {
  const { stream, state } = trackedStream(body, 1000);
  const headers = new Headers({
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    etag: '"p1"',
    'accept-ranges': 'bytes',
    ...extra,
  });

  return { response: new Response(stream, { status, headers }), state };
}

function request(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://localhost/b/page.html', { method, headers });
}

function decode(coding: string | null, bytes: Uint8Array): Uint8Array {
  switch (coding) {
    case 'gzip':
      return zlib.gunzipSync(bytes);
    case 'br':
      return zlib.brotliDecompressSync(bytes);
    case 'zstd':
      return zlib.zstdDecompressSync(bytes);
    default:
      return bytes;
  }
}

describe('compress', () => {
  test('encodes with each coding and decodes back to the original', async () => {
    for (const coding of ['br', 'zstd', 'gzip']) {
      const reply = compress(request({ 'accept-encoding': coding }), page().response, ALL);
      const encoded = new Uint8Array(await reply.arrayBuffer());

      expect(reply.headers.get('content-encoding')).toBe(coding);
      expect(encoded.length).toBeLessThan(HTML.length / 5);
      expect(Buffer.from(decode(coding, encoded)).equals(Buffer.from(HTML))).toBe(true);
    }
  });

  test('sets the encoding headers: Vary appended, no Content-Length, weak ETag', () => {
    const { response } = page({ vary: 'Accept' });
    const reply = compress(request({ 'accept-encoding': 'gzip, br' }), response, ALL);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-encoding')).toBe('br');
    expect(reply.headers.get('vary')).toBe('Accept, Accept-Encoding');
    expect(reply.headers.has('content-length')).toBe(false);
    expect(reply.headers.has('accept-ranges')).toBe(false);
    expect(reply.headers.get('etag')).toBe('W/"p1"');
  });

  test('does not repeat Vary: Accept-Encoding or extend Vary: *', () => {
    for (const vary of ['accept-encoding', '*']) {
      const reply = compress(request({ 'accept-encoding': 'gzip' }), page({ vary }).response, ALL);
      expect(reply.headers.get('vary')).toBe(vary);
    }
  });

  test('honours q-values, ties going to br, then zstd, then gzip', () => {
    const coding = (accept: string) =>
      compress(request({ 'accept-encoding': accept }), page().response, ALL)
        .headers.get('content-encoding');
    expect(coding('gzip, zstd, br')).toBe('br');
    expect(coding('gzip, zstd')).toBe('zstd');
    expect(coding('br;q=0.1, gzip')).toBe('gzip');
    expect(coding('br;q=0, zstd;q=0')).toBeNull();
  });

  test('uses only codings whose types are substrings of the content type', () => {
    const json = page({ 'content-type': 'application/json' }).response;
    const reply = compress(request({ 'accept-encoding': 'br, zstd, gzip' }), json, ALL);
    expect(reply.headers.get('content-encoding')).toBe('gzip');

    const image = page({ 'content-type': 'image/png' }).response;
    expect(compress(request({ 'accept-encoding': 'gzip' }), image, ALL)).toBe(image);
  });

  test('leaves bodies known to be under 1000 bytes alone, compresses unknown lengths', () => {
    const small = page({}, 200, HTML.subarray(0, 999)).response;
    expect(compress(request({ 'accept-encoding': 'gzip' }), small, ALL)).toBe(small);

    const unknown = page({}, 200).response;
    unknown.headers.delete('content-length');
    const reply = compress(request({ 'accept-encoding': 'gzip' }), unknown, ALL);
    expect(reply.headers.get('content-encoding')).toBe('gzip');
  });

  test('skips 206, 304, already-encoded and no-transform responses untouched', () => {
    const cases = [
      page({}, 206).response,
      page({}, 304).response,
      page({ 'content-encoding': 'gzip' }).response,
      page({ 'cache-control': 'public, no-transform' }).response,
      page({}, 200).response,
    ];
    cases[4]?.headers.delete('content-type');
    for (const response of cases) {
      expect(compress(request({ 'accept-encoding': 'gzip' }), response, ALL)).toBe(response);
    }
  });

  test('range, conditional, HEAD and Accept-Encoding-less requests get identity + Vary', () => {
    const requests = [
      request({ 'accept-encoding': 'gzip', range: 'bytes=0-10' }),
      request({ 'accept-encoding': 'gzip', 'if-none-match': '"x"' }),
      request({ 'accept-encoding': 'gzip', 'if-modified-since': 'Tue, 15 Nov 2022 08:12:31 GMT' }),
      request({ 'accept-encoding': 'gzip', 'if-range': '"p1"' }),
      request({ 'accept-encoding': 'gzip' }, 'HEAD'),
      request({}),
    ];
    for (const req of requests) {
      const reply = compress(req, page().response, ALL);
      expect(reply.headers.has('content-encoding')).toBe(false);
      expect(reply.headers.get('content-length')).toBe(String(HTML.length));
      expect(reply.headers.get('etag')).toBe('"p1"');
      expect(reply.headers.get('vary')).toBe('Accept-Encoding');
    }
  });

  test('an uncompressed reply is the same Response, so a Blob keeps its Content-Length', () => {
    const blob = new Response(new Blob([HTML]), { headers: { 'content-type': 'text/html' } });
    const reply = compress(request({ 'accept-encoding': 'identity' }), blob, ALL);
    expect(reply).toBe(blob);
    expect(reply.headers.get('vary')).toBe('Accept-Encoding');
  });

  test('an unconfigured coding is never used', () => {
    const gzipOnly: CompressPluginConfig = { gzip: ALL.gzip, brotli: undefined, zstd: undefined };
    const reply = compress(request({ 'accept-encoding': 'br, zstd' }), page().response, gzipOnly);
    expect(reply.headers.has('content-encoding')).toBe(false);
  });

  test('cancelling the encoded body cancels the source', async () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 7919) & 0xff);
    const { response, state } = page({}, 200, big);
    const reply = compress(request({ 'accept-encoding': 'gzip' }), response, ALL);
    const reader = reply.body!.getReader();

    await reader.read();
    await reader.cancel();
    await Bun.sleep(10);
    expect(state.isCancelled).toBe(true);
  });
});

describe('levels (SPEC §9.2)', () => {
  test('zstd bands: 1–4 fastest, 5–7 default, ≥ 8 best, other values default', () => {
    expect([1, 4, 5, 7, 8, 22, 0, -3].map(zstdLevel)).toEqual([1, 1, 3, 3, 11, 11, 3, 3]);
  });

  test('brotli quality is clamped to 0–11, gzip outside 1–9 means the zlib default', () => {
    expect([-1, 0, 4, 11, 12].map(brotliQuality)).toEqual([0, 0, 4, 11, 11]);
    expect([1, 9, 0, 10].map(gzipLevel)).toEqual([1, 9, -1, -1]);
  });

  test('the level reaches the encoder', async () => {
    const sizes: number[] = [];
    for (const level of [1, 9]) {
      const config = { ...ALL, gzip: { types: ['text/html'], level } };
      const varied = new TextEncoder().encode(
        Array.from({ length: 4000 }, (_, i) => `<i>${(i * 2654435761) % 1000}</i>`).join(''),
      );
      const reply = compress(request({ 'accept-encoding': 'gzip' }), page({}, 200, varied).response,
        config);
      sizes.push((await reply.arrayBuffer()).byteLength);
    }
    expect(sizes[1]).toBeLessThan(sizes[0] ?? 0);
  });
});
