// The response cache in the request flow: hits, what is cacheable, and that hits skip the work.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeImage } from '../helpers/images.ts';
import { placeOriginal, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(`
headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=600, public"
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "local-meta", rootPath: "\${DIR}/transforms" }
  nocache:
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
`, { server: `  cache:
    type: "memory"
    cacheSize: 10000000
` });
  mkdirSync(join(server.dir, 'transforms'));
  await placeOriginal(server.dir, 'originals/media/coffee.jpg', 'coffee.jpg');
});

afterAll(() => server.close());

test('a rendered image is served from the cache the second time', async () => {
  const first = await server.fetch('/media/coffee.jpg?width=100');
  const body = Buffer.from(await first.arrayBuffer());
  expect(first.headers.get('x-mort-cache')).toBeNull();
  await server.server.services.background.idle();

  const renders = server.server.services.renders.collapsed;
  const second = await server.fetch('/media/coffee.jpg?width=100');
  expect(second.headers.get('x-mort-cache')).toBe('hit');
  expect(second.headers.get('cache-control')).toBe('max-age=600, public');
  expect(second.headers.get('x-amz-meta-public-width')).toBe('100');
  expect(Buffer.from(await second.arrayBuffer()).equals(body)).toBe(true);
  expect(server.server.services.renders.collapsed).toBe(renders);
});

test('originals are cached too, and ranges of a hit still work', async () => {
  await (await server.fetch('/media/coffee.jpg')).arrayBuffer();
  await server.server.services.background.idle();
  const hit = await server.fetch('/media/coffee.jpg');
  expect(hit.headers.get('x-mort-cache')).toBe('hit');
  expect((await hit.arrayBuffer()).byteLength).toBe(71285);
});

test('responses without max-age are not cached', async () => {
  const stats = server.server.services.cache.stats;
  const sets = stats.sets;
  await (await server.fetch('/media/nothing.jpg')).arrayBuffer();
  await server.server.services.background.idle();
  expect(stats.sets).toBe(sets);
});

test('the original a rendering read is cached as a GET of it would be, and feeds renderings',
  async () => {
    await placeOriginal(server.dir, 'originals/media/swap.png', 'gopher.png');
    const first = await server.fetch('/media/swap.png?width=50');
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    await server.server.services.background.idle();

    const hit = await server.fetch('/media/swap.png');
    expect(hit.headers.get('x-mort-cache')).toBe('hit');
    const fresh = await server.fetch('/media/swap.png', { method: 'HEAD' });
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified',
      'cache-control', 'access-control-allow-origin']) {
      expect(hit.headers.get(name)).toBe(fresh.headers.get(name));
    }
    const original = await Bun.file(join(import.meta.dir, '..', 'fixtures', 'gopher.png'))
      .arrayBuffer();
    expect(Buffer.from(await hit.arrayBuffer()).equals(Buffer.from(original))).toBe(true);

    // Replaced on disk, the original is still rendered from the cached copy until it expires:
    // gopher.png is 1300x1392, chelsea.png 451x300.
    await placeOriginal(server.dir, 'originals/media/swap.png', 'chelsea.png');
    const second = await server.fetch('/media/swap.png?width=130');
    const image = await describeImage(new Uint8Array(await second.arrayBuffer()));
    expect([image.width, image.height]).toEqual([130, 139]);
  });
