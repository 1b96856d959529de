// Every example configuration (fixtures/*.yml) loads, and reads back as written.

import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { loadConfig } from '../../src/config/index.ts';
import type { MortConfig } from '../../src/config/index.ts';
import { FIXTURES_DIR } from './helpers.ts';

const ENV = { PLACEHOLDER_PATH: join(FIXTURES_DIR, 'placeholder.png') };

function load(name: string): Promise<MortConfig> {
  return loadConfig(join(FIXTURES_DIR, name), { env: ENV, configDir: FIXTURES_DIR });
}

describe('example configurations', () => {
  const files = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.yml'));

  test('there are fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    test(`${file} loads`, async () => {
      const config = await load(file);
      expect(Object.isFrozen(config)).toBe(true);
    });
  }

  test('§5.2 preset schema: every filter is read', async () => {
    const preset = (await load('spec-5.2-preset-schema.yml')).buckets['media']?.transform?.presets[
      'everything'
    ];

    expect(preset).toEqual({
      quality: 80,
      format: 'jpeg',
      filters: {
        thumbnail: {
          width: 300,
          height: 200,
          mode: 'outbound',
          preserveAspectRatio: true,
          fill: false,
        },
        crop: { width: 100, height: 100, gravity: 'north', mode: 'outbound', embed: false },
        extract: { width: 50, height: 40, top: 10, left: 5 },
        resizeCropAuto: { width: 120, height: 80 },
        interlace: true,
        strip: true,
        grayscale: true,
        auto_rotate: true,
        blur: { sigma: 1.5, minAmpl: 0.2 },
        watermark: { image: 'https://example.com/logo.png', position: 'top-left', opacity: 0.5 },
        rotate: { angle: 90 },
      },
    });
  });

  test('§4.4 worked examples: result keys and query default', async () => {
    const config = await load('spec-4.4-result-keys.yml');

    expect(config.buckets['media']?.transform?.resultKey).toBe('hash');
    expect(config.buckets['media-query']?.transform?.resultKey).toBe('hashParent');
    expect(config.buckets['media-query']?.transform?.parentStorage).toBe('basic');
  });

  test('reference sample: cache, plugins, header rules, keys', async () => {
    const config = await load('mort-reference.yml');

    expect(config.server.cache.type).toBe('redis');
    expect(config.server.cache.maxCacheItemBytes).toBe(50 * 2 * 1024 * 1024);
    expect(config.server.plugins.webp).toBe(true);
    expect(config.server.plugins.compress?.gzip).toEqual({
      types: ['text/plain', 'text/css'],
      level: 4,
    });
    expect(config.server.plugins.compress?.zstd).toBeUndefined();
    expect(config.headers[1]).toEqual({
      statusCodes: [404, 400],
      values: { 'cache-control': 'max-age=60, public' },
      override: false,
    });
    expect(config.accessKeyIndex.get('acc')).toEqual(['media', 'query']);
    expect(config.buckets['media']?.headers).toEqual({ 'x-served-by': 'mort' });
    expect(config.buckets['query']?.storages['basic']?.headers).toEqual({ 'x-api-key': 'secret' });
  });

  test('every server key', async () => {
    const { server } = await load('server-all-keys.yml');

    expect(server.listens).toEqual([':8080', 'unix:/tmp/mort.sock']);
    expect(server.accessLogs).toBe(true);
    expect(server.cache).toMatchObject({
      type: 'redis-cluster',
      minUseCount: 3,
      cacheSize: 1000000,
    });
    expect(server.cache.clientConfig).toEqual({ 'maxmemory-policy': 'allkeys-lru' });
    expect(server.lock).toEqual({
      type: 'redis',
      address: ['redis-lock:6379'],
      clientConfig: { timeout: '0' },
    });
    expect(server.idleCleanup).toEqual({ enabled: true, idleTimeoutMin: 10, aggressiveGC: true });
    expect(server.placeholderBytes?.[1]).toBe(0x50);
    expect(server.plugins.avif).toBe(true);
    expect(server.plugins.compress?.brotli).toEqual({ types: ['text/html'], level: 5 });
    expect(server.plugins.compress?.zstd).toEqual({ types: ['text/html'], level: 4 });
    expect(server.remoteFetch.allow).toEqual(['images.example.com', 'cdn.example.com:8443']);
  });

  test('transform kinds, including script', async () => {
    const config = await load('transform-kinds.yml');

    expect(config.bucketNames).toEqual([
      'presets',
      'query',
      'presets-query',
      'b64',
      'cloud',
      'scripted',
    ]);
    expect(config.buckets['scripted']?.transform?.scriptPath).toBe(
      join(FIXTURES_DIR, 'parse-script.ts'),
    );
    expect(config.buckets['query']?.transform?.checkParent).toBe(true);
    const cloudinary = config.buckets['cloud']?.transform?.pathRegexp;
    expect(cloudinary?.exec('/image/upload/c_fit,w_100/a.jpg')?.groups).toEqual({
      transformations: 'c_fit,w_100',
      parent: 'a.jpg',
    });
  });

  test('storage kinds and their defaults', async () => {
    const storages = (await load('storage-kinds.yml')).buckets['everything']?.storages ?? {};

    expect(storages['s3']).toMatchObject({
      region: 'eu-west-1',
      bucket: 'other-bucket',
      HTTPTracing: true,
    });
    expect(storages['b2-through-s3']?.kind).toBe('s3');
    expect(storages['transforms']?.pathPrefix).toBe('transforms');
    expect(storages['transform']?.pathPrefix).toBe('');
    expect(storages['sftp']).toMatchObject({ sftpPort: 22, sftpBasePath: '/data' });
    expect(storages['plain']?.pathPrefix).toBe('originals');
  });

  test('glacier settings and tier defaults', async () => {
    const config = await load('glacier.yml');

    expect(config.buckets['archive']?.glacier).toEqual({
      enabled: true,
      restoreTier: 'Expedited',
      restoreDays: 7,
      retryAfterSeconds: 300,
    });
    expect(config.buckets['archive-bulk']?.glacier).toEqual({
      enabled: true,
      restoreTier: 'Bulk',
      restoreDays: 3,
      retryAfterSeconds: 600,
    });
  });

  test('anchors, merge keys and YAML 1.1 booleans', async () => {
    const config = await load('anchors-yaml11.yml');

    expect(config.server.accessLogs).toBe(true);
    expect(config.buckets['one']?.transform?.checkParent).toBe(true);
    expect(config.buckets['one']?.storages['transform']).toMatchObject({
      kind: 'local-meta',
      rootPath: '/var/lib/mort',
      pathPrefix: 'transforms',
    });
    expect(config.buckets['two']?.storages['basic']?.rootPath).toBe('/srv/two');
  });
});
