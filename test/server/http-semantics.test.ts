// Ranges, conditionals, compression, format negotiation and debug headers on the real server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from 'node:zlib';
import { describeImage, fixture } from '../helpers/images.ts';
import { placeOriginal, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let coffee: Uint8Array;

beforeAll(async () => {
  server = await startTestServer(`
buckets:
  media:
    transform:
      kind: "presets-query"
      path: "^/(?P<presetName>[a-z0-9_]+)/(?P<parent>.+)$"
      parentBucket: "media"
      presets:
        small:
          filters:
            thumbnail: { width: 150 }
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "local-meta", rootPath: "\${DIR}/transforms" }
`, { server: `  plugins:
    webp: ~
    avif: ~
    compress:
      gzip: { types: ["text/css"], level: 5 }
      brotli: { types: ["text/css"], level: 4 }
      zstd: { types: ["text/css"], level: 4 }
` });
  mkdirSync(join(server.dir, 'transforms'));
  await placeOriginal(server.dir, 'originals/media/coffee.jpg', 'coffee.jpg');
  await placeOriginal(server.dir, 'originals/media/main.css', 'main.css');
  coffee = await fixture('coffee.jpg');
});

afterAll(() => server.close());

describe('ranges', () => {
  test('a single range of an original is 206 with exact bytes', async () => {
    const response = await server.fetch('/media/coffee.jpg',
      { headers: { range: 'bytes=100-199' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/71285');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(coffee.subarray(100, 200)))).toBe(true);
  });

  test('suffix and open-ended ranges', async () => {
    const suffix = await server.fetch('/media/coffee.jpg', { headers: { range: 'bytes=-10' } });
    expect(suffix.headers.get('content-range')).toBe('bytes 71275-71284/71285');
    expect((await suffix.arrayBuffer()).byteLength).toBe(10);
    const open = await server.fetch('/media/coffee.jpg', { headers: { range: 'bytes=71000-' } });
    expect((await open.arrayBuffer()).byteLength).toBe(285);
  });

  test('multiple ranges give multipart/byteranges', async () => {
    const response = await server.fetch('/media/coffee.jpg',
      { headers: { range: 'bytes=0-9,20-29' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-type')).toMatch(/^multipart\/byteranges; boundary=/);
    const text = Buffer.from(await response.arrayBuffer()).toString('latin1');
    expect(text).toContain('Content-Range: bytes 0-9/71285');
    expect(text).toContain('Content-Range: bytes 20-29/71285');
  });

  test('an unsatisfiable range is 416 with the size', async () => {
    const response = await server.fetch('/media/coffee.jpg',
      { headers: { range: 'bytes=900000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */71285');
    await response.arrayBuffer();
  });

  test('ranges work on rendered images', async () => {
    const full = new Uint8Array(await (await server.fetch('/media/coffee.jpg?width=90'))
      .arrayBuffer());
    const part = await server.fetch('/media/coffee.jpg?width=91',
      { headers: { range: 'bytes=0-1' } });
    expect(part.status).toBe(206);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([0xff, 0xd8]);
    expect(full.length).toBeGreaterThan(2);
  });
});

describe('conditional requests', () => {
  test('If-None-Match with the ETag gives 304 without a body', async () => {
    const first = await server.fetch('/media/coffee.jpg');
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const again = await server.fetch('/media/coffee.jpg', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toBeNull();
  });

  test('If-Modified-Since in the future gives 304; If-Match mismatch gives 412', async () => {
    const later = new Date(Date.now() + 3600_000).toUTCString();
    const notModified = await server.fetch('/media/coffee.jpg',
      { headers: { 'if-modified-since': later } });
    expect(notModified.status).toBe(304);
    const failed = await server.fetch('/media/coffee.jpg', { headers: { 'if-match': '"nope"' } });
    expect(failed.status).toBe(412);
    await failed.arrayBuffer();
  });

  test('a rendered image answers 304 to its own ETag', async () => {
    const first = await server.fetch('/media/coffee.jpg?width=77');
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    await server.server.services.background.idle();
    const again = await server.fetch('/media/coffee.jpg?width=77',
      { headers: { 'if-none-match': etag } });
    await server.server.services.background.idle();
    // Served from transform storage now, with the ETag stored beside the rendering.
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });
});

describe('compression', () => {
  const css = async () => Buffer.from(await fixture('main.css'));
  const cases: [string, (b: Buffer) => Buffer][] = [
    ['gzip', gunzipSync], ['br', brotliDecompressSync], ['zstd', zstdDecompressSync]];
  for (const [encoding, decode] of cases) {
    test(`${encoding} when it is the client's only choice, decoded back to the original`,
      async () => {
        const response = await server.fetch('/media/main.css',
          { headers: { 'accept-encoding': encoding }, decompress: false } as RequestInit);
        expect(response.headers.get('content-encoding')).toBe(encoding);
        expect(response.headers.get('vary')).toContain('Accept-Encoding');
        const body = Buffer.from(await response.arrayBuffer());
        expect(decode(body).equals(await css())).toBe(true);
      });
  }

  test('br wins when the client accepts all equally; images are never compressed', async () => {
    const response = await server.fetch('/media/main.css',
      { headers: { 'accept-encoding': 'gzip, zstd, br' }, decompress: false } as RequestInit);
    expect(response.headers.get('content-encoding')).toBe('br');
    await response.arrayBuffer();
    const image = await server.fetch('/media/coffee.jpg',
      { headers: { 'accept-encoding': 'gzip' }, decompress: false } as RequestInit);
    expect(image.headers.get('content-encoding')).toBeNull();
    await image.arrayBuffer();
  });
});

describe('format negotiation', () => {
  test('Accept: image/webp converts, keys the variant apart and says Vary: Accept', async () => {
    const response = await server.fetch('/media/small/coffee.jpg',
      { headers: { accept: 'image/webp,*/*' } });
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('vary')).toContain('Accept');
    expect(await describeImage(new Uint8Array(await response.arrayBuffer())))
      .toMatchObject({ width: 150, format: 'webp' });
    await server.server.services.background.idle();
    const stored = readdirSync(join(server.dir, 'transforms/media/coffee.jpg'));
    expect(stored.some((name) => /^[0-9a-f]{32}webp$/.test(name))).toBe(true);
  });

  test('AVIF wins over WebP when both are accepted', async () => {
    const response = await server.fetch('/media/small/coffee.jpg',
      { headers: { accept: 'image/avif,image/webp,*/*' } });
    expect(response.headers.get('content-type')).toBe('image/avif');
    await response.arrayBuffer();
  });

  test('a format the client refuses with q=0 is not sent', async () => {
    const expected: [string, string][] = [
      ['image/avif;q=0, image/webp', 'image/webp'],
      ['image/avif; q=0.0, image/webp;q=0, */*', 'image/jpeg'],
      ['IMAGE/AVIF;Q=0.5', 'image/avif'],
      ['image/avifx, image/*', 'image/jpeg'],
    ];
    for (const [accept, type] of expected) {
      const response = await server.fetch('/media/small/coffee.jpg', { headers: { accept } });
      expect([accept, response.headers.get('content-type')]).toEqual([accept, type]);
      await response.arrayBuffer();
    }
  });

  test('originals are not converted', async () => {
    const response = await server.fetch('/media/coffee.jpg', { headers: { accept: 'image/webp' } });
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    await response.arrayBuffer();
  });
});

describe('debug mode', () => {
  test('X-Mort-Debug shows key, storage, transform and parent', async () => {
    const response = await server.fetch('/media/small/coffee.jpg?dbg=1',
      { headers: { 'x-mort-debug': '1' } });
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-mort-key')).toMatch(/^\/coffee\.jpg\/[0-9a-f]{32}$/);
    expect(response.headers.get('x-mort-storage')).toBe('local-meta');
    expect(response.headers.get('x-mort-transform')).toBe('true');
    expect(response.headers.get('x-mort-parent-key')).toBe('/coffee.jpg');
    expect(response.headers.get('x-mort-parent-bucket')).toBe('media');
    expect(response.headers.get('x-mort-version')).toMatch(/^\d+\.\d+\.\d+$/);
    JSON.parse(response.headers.get('x-mort-transform-json')!);
    await response.arrayBuffer();
  });
});
