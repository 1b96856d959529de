// The main request flow against the real server: originals, presets, queries, stored
// renderings, header rules, errors, and broken originals.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import sharp from 'sharp';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeImage, fixture, pixelAt } from '../helpers/images.ts';
import { placeOriginal, startTestServer, type TestServer } from '../helpers/server.ts';

const config = `
headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=84000, public"
  - statusCodes: [404, 400]
    values:
      cache-control: "max-age=60, public"
buckets:
  media:
    headers:
      x-served-by: "media"
    transform:
      kind: "presets-query"
      path: "^/(?P<presetName>[a-z0-9_]+)/(?P<parent>.+)$"
      parentBucket: "media"
      presets:
        small:
          quality: 80
          filters:
            thumbnail: { width: 150 }
        square:
          filters:
            crop: { width: 100, height: 100, gravity: center }
        asis:
          filters: {}
        marked:
          format: png
          filters:
            watermark: { image: "\${DIR}/mark.png", position: "top-left", opacity: 1 }
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "local-meta", rootPath: "\${DIR}/transforms" }
  hashed:
    transform:
      kind: "query"
      resultKey: "hash"
    storages:
      basic: { kind: "local", rootPath: "\${DIR}/originals" }
      transform: { kind: "local", rootPath: "\${DIR}/transforms" }
`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(config);
  const { dir } = server;
  mkdirSync(join(dir, 'transforms'));
  for (const name of ['coffee.jpg', 'coffee-exif6.jpg', 'astronaut-progressive.jpg',
    'logo-alpha.png', 'main.css']) {
    await placeOriginal(dir, `originals/media/${name}`, name);
  }
  await placeOriginal(dir, 'originals/hashed/photos/cat.jpg', 'small.jpg');
  await Bun.write(join(dir, 'originals/media/broken.jpg'),
    (await fixture('coffee.jpg')).slice(0, 3000));
  await Bun.write(join(dir, 'originals/media/text.jpg'), 'this is not an image');
  await Bun.write(join(dir, 'mark.png'), await sharp({ create: { width: 20, height: 20,
    channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer());
  const transparent = await sharp({ create: { width: 60, height: 40, channels: 4,
    background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  await Bun.write(join(dir, 'originals/media/clear.png'), transparent);
});

afterAll(() => server.close());

async function image(response: Response) {
  return describeImage(new Uint8Array(await response.arrayBuffer()));
}

describe('originals', () => {
  test('GET streams the stored bytes with storage metadata and header rules', async () => {
    const response = await server.fetch('/media/coffee.jpg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-length')).toBe('71285');
    expect(response.headers.get('cache-control')).toBe('max-age=84000, public');
    expect(response.headers.get('x-served-by')).toBe('media');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('last-modified')).toMatch(/GMT$/);
    expect(response.headers.get('etag')).toMatch(/^(W\/)?".+"$/);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(await fixture('coffee.jpg')))).toBe(true);
  });

  test('HEAD answers headers only', async () => {
    const response = await server.fetch('/media/coffee.jpg', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('71285');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test('non-image originals are served too', async () => {
    const response = await server.fetch('/media/main.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
  });

  test('uploaded SVG is sandboxed and nothing is type-sniffed', async () => {
    await Bun.write(join(server.dir, 'originals/media/icon.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const response = await server.fetch('/media/icon.svg');
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await response.arrayBuffer();
  });

  test('documents are sandboxed whatever the case of their type; photos are not', async () => {
    const storage = server.server.services.storages.basic('media');
    const page = new TextEncoder().encode('<script>alert(1)</script>');
    const types = ['TEXT/HTML', 'text/HTML', 'Image/SVG+XML', 'application/xhtml+xml',
      'application/pdf'];
    for (const [index, type] of types.entries()) {
      await storage.put({ bucket: 'media', key: `/upload-${index}.bin` }, page,
        { contentType: type, contentLength: page.length });
      const response = await server.fetch(`/media/upload-${index}.bin`);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe('sandbox');
      await response.arrayBuffer();
    }
    const photo = await server.fetch('/media/coffee.jpg');
    expect(photo.headers.get('content-security-policy')).toBeNull();
    await photo.arrayBuffer();
  });

  test('a missing original is 404 with Mort\'s body', async () => {
    const response = await server.fetch('/media/nothing.jpg');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('{"error":"item not found"}');
    expect(response.headers.get('cache-control')).toBe('max-age=60, public');
  });
});

describe('transformed images', () => {
  test('an SVG original renders to PNG, or to the format asked for', async () => {
    await Bun.write(join(server.dir, 'originals/media/badge.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">' +
      '<rect width="300" height="150" fill="#0000ff"/></svg>');
    const png = await server.fetch('/media/small/badge.svg');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const image = await describeImage(new Uint8Array(await png.arrayBuffer()));
    expect([image.width, image.height]).toEqual([150, 75]);

    const webp = await server.fetch('/media/badge.svg?width=60&format=webp');
    expect(webp.headers.get('content-type')).toBe('image/webp');
    const small = await describeImage(new Uint8Array(await webp.arrayBuffer()));
    expect([small.width, small.height]).toEqual([60, 30]);
  });

  test('a preset on an EXIF-rotated photo renders upright with generated headers', async () => {
    const response = await server.fetch('/media/small/coffee-exif6.jpg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-amz-meta-public-width')).toBe('150');
    expect(response.headers.get('x-amz-meta-public-height')).toBe('100');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('cache-control')).toBe('max-age=84000, public');
    expect(response.headers.get('access-control-expose-headers')).toContain('X-Amz-Public-Width');
    expect(await image(response)).toMatchObject({ width: 150, height: 100, format: 'jpeg' });
  });

  test('the rendering is stored and served again from transform storage', async () => {
    const first = await server.fetch('/media/square/coffee.jpg');
    const firstBody = Buffer.from(await first.arrayBuffer());
    await server.server.services.background.idle();
    // presets-query keys default to hashParent (SPEC §2.4): /<parent key>/<32 hex digits>.
    const stored = readdirSync(join(server.dir, 'transforms/media/coffee.jpg'));
    expect(stored.some((name) => /^[0-9a-f]{32}$/.test(name))).toBe(true);

    const second = await server.fetch('/media/square/coffee.jpg');
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('x-amz-meta-public-width')).toBe('100');
    expect(Buffer.from(await second.arrayBuffer()).equals(firstBody)).toBe(true);
  });

  test('query parameters resize and convert', async () => {
    const response = await server.fetch('/media/coffee.jpg?width=200&format=webp');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(await image(response)).toMatchObject({ width: 200, height: 133, format: 'webp' });
  });

  test('a progressive JPEG renders', async () => {
    const response = await server.fetch('/media/astronaut-progressive.jpg?width=300');
    expect(await image(response)).toMatchObject({ width: 300, height: 300 });
  });

  test('a transparent PNG converted to JPEG gets a white background', async () => {
    const response = await server.fetch('/media/clear.png?format=jpeg');
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const pixel = await pixelAt(new Uint8Array(await response.arrayBuffer()), 10, 10);
    expect(pixel.every((value) => value > 245)).toBe(true);
  });

  test('a preset watermark from a file is composited', async () => {
    const response = await server.fetch('/media/marked/coffee.jpg');
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    const [r, g, b] = await pixelAt(body, 5, 5);
    expect([r! > 240, g! < 20, b! < 20]).toEqual([true, true, true]);
  });

  test('a preset without filters serves the parent as it is', async () => {
    const response = await server.fetch('/media/asis/coffee.jpg');
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(71285);
    await response.arrayBuffer();
  });

  test('HEAD of a transformed object answers its headers without a body', async () => {
    const response = await server.fetch('/media/coffee.jpg?width=120', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-meta-public-width')).toBe('120');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test('resultKey hash stores under the key SPEC §4.4 describes', async () => {
    const response = await server.fetch('/hashed/photos/cat.jpg?width=640');
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    await server.server.services.background.idle();
    // Worked example of SPEC §4.4: query ?width=640 on /photos/cat.jpg.
    const stored = join(server.dir, 'transforms/hashed/e4d/pho/photos-cat.jpg-e4dd74e071ccda9e');
    expect(existsSync(stored)).toBe(true);
  });
});

describe('errors', () => {
  test('a missing parent is 404', async () => {
    const response = await server.fetch('/media/small/nothing.jpg');
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  test('invalid parameters are 400 with a short JSON message and the header rules', async () => {
    for (const query of ['width=abc', 'width=-5', 'operation=rotate&angle=45',
      'width=99999', 'quality=0&width=10', 'format=bmp']) {
      const response = await server.fetch(`/media/coffee.jpg?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = await response.json() as { message: string };
      expect(body.message).toMatch(/invalid|error/);
      expect(body.message).not.toMatch(/\/|\.ts|Error/);
      expect(response.headers.get('cache-control')).toBe('max-age=60, public');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  test('an unknown bucket is 400', async () => {
    expect((await server.fetch('/nobucket/a.jpg')).status).toBe(400);
  });

  test('encoded traversal is refused', async () => {
    for (const path of ['/media/%2e%2e/%2e%2e/etc/passwd', '/media/a%2fb.jpg',
      '/media/a%5c..%5cb.jpg', '/media/a%00.jpg']) {
      const response = await server.fetch(path);
      expect([400, 404]).toContain(response.status);
      await response.arrayBuffer();
    }
  });

  test('corrupt originals give a clean 400 and the server keeps serving', async () => {
    for (const path of ['/media/small/broken.jpg', '/media/small/text.jpg']) {
      const response = await server.fetch(path);
      expect([400, 404]).toContain(response.status);
      const text = await response.text();
      expect(text).not.toMatch(/vips|\.cc|\/tmp/);
    }
    const truncated = await server.fetch('/media/broken.jpg?width=100');
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toEqual({
      message: 'invalid image: data is corrupt or truncated',
    });
    expect((await server.fetch('/media/small/coffee.jpg')).status).toBe(200);
  });

  test('writes without S3 credentials are refused with 401 (SPEC §7.2)', async () => {
    const put = await server.fetch('/media/new.jpg', { method: 'PUT', body: 'x' });
    expect(put.status).toBe(401);
    const del = await server.fetch('/media/coffee.jpg', { method: 'DELETE' });
    expect(del.status).toBe(401);
    expect(existsSync(join(server.dir, 'originals/media/coffee.jpg'))).toBe(true);
    expect(readdirSync(join(server.dir, 'originals/media'))).not.toContain('new.jpg');
  });

  test('OPTIONS answers a CORS preflight', async () => {
    const response = await server.fetch('/media/coffee.jpg', { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
