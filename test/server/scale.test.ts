// What keeps the server upright under traffic: collapsing across instances sharing Redis, the
// Redis cache surviving an outage, throttling, deadlines, the placeholder, and the metrics.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import sharp from 'sharp';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { metrics } from '../../src/monitoring/metrics.ts';
import { describeImage } from '../helpers/images.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { placeOriginal, startTestServer, tempDir, type TestServer } from '../helpers/server.ts';

async function generations(): Promise<number> {
  const values = (await metrics.generationTime.get()).values;
  return values.find((v) => v.metricName === 'mort_generation_time_count')?.value ?? 0;
}

const sharedStorage = (dir: string) => `
headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=300, public"
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
      transform: { kind: "local-meta", rootPath: "${dir}/transforms" }
`;

describe('three instances sharing one Redis', () => {
  let redis: RedisServer;
  const dir = tempDir('mort-shared-');
  const instances: TestServer[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    mkdirSync(join(dir, 'transforms'));
    await placeOriginal(dir, 'originals/media/astronaut.jpg', 'astronaut-progressive.jpg');
    const redisYaml = `  cache:\n    type: "redis"\n    address: ["127.0.0.1:${redis.port}"]\n` +
      `  lock:\n    type: "redis"\n    address: ["127.0.0.1:${redis.port}"]\n`;
    for (let i = 0; i < 3; i++) {
      instances.push(await startTestServer(sharedStorage(dir),
        { dir: tempDir(), server: redisYaml }));
    }
  });

  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('60 concurrent identical requests cause exactly one generation', async () => {
    const before = await generations();
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      instances[i % 3]!.fetch('/media/astronaut.jpg?width=500&blur=0&operation=resize')));
    const bodies = await Promise.all(responses.map(async (r) =>
      [r.status, (await r.arrayBuffer()).byteLength] as const));
    expect(bodies.every(([status]) => status === 200)).toBe(true);
    expect(new Set(bodies.map(([, size]) => size)).size).toBe(1);
    expect(await generations()).toBe(before + 1);
  });

  test('requests succeed while Redis is down, and the cache works again after', async () => {
    const port = redis.port;
    await redis.stop();
    for (const width of [101, 102, 103]) {
      const response = await instances[width % 3]!.fetch(`/media/astronaut.jpg?width=${width}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    redis = await startRedis({ port });
    await Bun.sleep(2500); // the clients reconnect with a capped backoff
    const first = await instances[0]!.fetch('/media/astronaut.jpg?width=111');
    await first.arrayBuffer();
    for (const instance of instances) await instance.server.services.background.idle();
    const second = await instances[1]!.fetch('/media/astronaut.jpg?width=111');
    expect(second.headers.get('x-mort-cache')).toBe('hit');
    await second.arrayBuffer();
  });
});

describe('limits', () => {
  let server: TestServer;
  let upstream: ReturnType<typeof Bun.serve>;
  let placeholder: Buffer;

  beforeAll(async () => {
    const dir = tempDir('mort-limits-');
    placeholder = await sharp({ create: { width: 40, height: 40, channels: 3,
      background: '#00ff00' } }).png().toBuffer();
    await Bun.write(join(dir, 'placeholder.png'), placeholder);
    const slowPhoto = await Bun.file(join(import.meta.dir, '..', 'fixtures', 'coffee.jpg'))
      .arrayBuffer();
    // A parent that takes 3 s to arrive: longer than requestTimeout.
    upstream = Bun.serve({ hostname: '127.0.0.1', port: 0, async fetch() {
      await Bun.sleep(3000);
      return new Response(slowPhoto, { headers: { 'content-type': 'image/jpeg' } });
    } });
    server = await startTestServer(`
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
  slow:
    transform:
      kind: "query"
    storages:
      basic: { kind: "http", url: "http://127.0.0.1:${upstream.port}/<container><item>" }
`, { dir, server: `  concurrentImageProcessing: 1
  requestTimeout: 1
  placeholder: "${dir}/placeholder.png"
  monitoring: "prometheus"
` });
    for (const name of ['coffee.jpg', 'astronaut-progressive.jpg', 'chelsea.png', 'gopher.png']) {
      await placeOriginal(dir, `originals/media/${name}`, name);
    }
  });

  afterAll(async () => {
    await server.close();
    upstream.stop(true);
  });

  test('renders beyond the waiting room are throttled with 503 and the placeholder', async () => {
    const throttledBefore = (await metrics.throttled.get()).values[0]?.value ?? 0;
    const paths = ['astronaut-progressive.jpg?width=2000&blur=5&operation=resize',
      'gopher.png?width=1200', 'chelsea.png?width=440', 'coffee.jpg?width=590',
      'astronaut-progressive.jpg?width=1900', 'gopher.png?width=1100'];
    const responses = await Promise.all(paths.map((path) => server.fetch(`/media/${path}`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    const throttled = responses.find((r) => r.status === 503)!;
    expect(throttled.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await throttled.arrayBuffer()).equals(placeholder)).toBe(true);
    await Promise.all(responses.map((r) => r.bodyUsed ? null : r.arrayBuffer()));
    const throttledAfter = (await metrics.throttled.get()).values[0]?.value ?? 0;
    expect(throttledAfter).toBeGreaterThan(throttledBefore);
  });

  test('a request past requestTimeout answers 499 with the placeholder, then a sized one',
    async () => {
      const response = await server.fetch('/slow/coffee.jpg?width=100');
      expect(response.status).toBe(499);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer()).equals(placeholder)).toBe(true);

      // Meanwhile the placeholder was rendered with the request's operations and cached.
      await server.server.services.background.idle();
      const again = await server.fetch('/slow/coffee.jpg?width=100');
      expect(again.status).toBe(499);
      const image = await describeImage(new Uint8Array(await again.arrayBuffer()));
      expect([image.width, image.height]).toEqual([100, 100]);
    });

  test('without the placeholder (debug) the error body is JSON', async () => {
    const response = await server.fetch('/slow/coffee.jpg?width=120',
      { headers: { 'x-mort-debug': '1' } });
    expect(response.status).toBe(499);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('error') });
  });

  test('the internal listener serves the metrics named by SPEC §11.2', async () => {
    const socket = join(server.dir, 'internal.sock');
    const text = await (await fetch('http://localhost/metrics',
      { unix: socket } as RequestInit)).text();
    for (const name of ['mort_generation_time_bucket', 'mort_request_collapsed_count',
      'mort_cache_ratio', 'mort_request_throttled_count', 'mort_request_type_count']) {
      expect(text).toContain(name);
    }
  });
});
