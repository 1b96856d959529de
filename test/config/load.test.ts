// loadConfig / parseConfig behaviour: files, environment, YAML 1.1, defaults, freezing.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';

import {
  ConfigError,
  DEFAULT_CONFIG_YAML,
  loadConfig,
  redactConfig,
} from '../../src/config/index.ts';
import { BASIC_STORAGES, FIXTURES_DIR, parse, problemsOf } from './helpers.ts';

describe('loadConfig', () => {
  test('an unreadable file is a ConfigError naming the file', async () => {
    const error = await loadConfig('/nonexistent/mort.yml').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('/nonexistent/mort.yml: ENOENT');
  });

  test('an empty file gives every default', async () => {
    const config = await parse('');

    expect(config.server.listens).toEqual([':8080']);
    expect(config.server.internalListen).toBe(':8081');
    expect(config.bucketNames).toEqual([]);
  });
});

describe('environment expansion before parsing', () => {
  test('${VAR} and $VAR fill values; unset ones are empty', async () => {
    const text = `
server:
  listen: "\${HOST}:$PORT"
buckets:
  m:
    keys: [{accessKey: $AK, secretAccessKey: "\${SK}x"}]${BASIC_STORAGES}
`;
    const config = await parse(text, { env: { HOST: '0.0.0.0', PORT: '9000', AK: 'key' } });

    expect(config.server.listen).toBe('0.0.0.0:9000');
    expect(config.buckets['m']?.keys).toEqual([{ accessKey: 'key', secretAccessKey: 'x' }]);
  });
});

describe('YAML 1.1 scalars', () => {
  for (const [written, value] of [
    ['y', true], ['Y', true], ['yes', true], ['Yes', true], ['on', true], ['ON', true],
    ['true', true], ['n', false], ['no', false], ['off', false], ['Off', false], ['false', false],
  ] as const) {
    test(`${written} is ${value}`, async () => {
      expect((await parse(`server:\n  accessLogs: ${written}\n`)).server.accessLogs).toBe(value);
    });
  }

  test('~ is null (the default applies)', async () => {
    expect((await parse('server:\n  listen: ~\n')).server.listen).toBe(':8080');
  });

  test('string fields keep the scalar as written, names that look like booleans too', async () => {
    const text = `
buckets:
  on:
    keys: [{accessKey: 0123, secretAccessKey: 1.10}]
    headers: {x-flag: yes}
    transform:
      kind: presets
      path: "/(?P<presetName>[a-z]+)/(?P<parent>.*)"
      presets:
        no: {quality: 50}${BASIC_STORAGES}
`;
    const bucket = (await parse(text)).buckets['on'];

    expect(bucket?.keys).toEqual([{ accessKey: '0123', secretAccessKey: '1.10' }]);
    expect(bucket?.headers).toEqual({ 'x-flag': 'yes' });
    expect(Object.keys(bucket?.transform?.presets ?? {})).toEqual(['no']);
  });
});

describe('defaults (SPEC §2.3, §2.4, §2.6.5)', () => {
  test('server defaults', async () => {
    const text = 'server:\n  concurrentImageProcessing: -3\n  cache: {type: mongo}\n';
    const { server } = await parse(text);

    expect(server).toMatchObject({
      listen: ':8080',
      monitoring: '',
      logLevel: 'prod',
      accessLogs: false,
      concurrentImageProcessing: 100,
      requestTimeout: 60,
      lockTimeout: 30,
      maxFileSize: 0,
      placeholder: undefined,
      placeholderBytes: undefined,
    });
    expect(server.cache).toEqual({
      type: 'memory',
      address: [],
      cacheSize: 50000,
      maxCacheItemSizeMB: 5,
      maxCacheItemBytes: 10 * 1024 * 1024,
      minUseCount: 0,
      clientConfig: {},
    });
    expect(server.lock.type).toBe('memory');
    expect(server.idleCleanup).toEqual({ enabled: false, idleTimeoutMin: 15, aggressiveGC: false });
    expect(server.plugins).toEqual({ webp: false, avif: false, compress: undefined });
    expect(server.remoteFetch.allow).toEqual([]);
  });

  test('idleCleanup enabled with 0 minutes takes the default 15', async () => {
    const text = 'server:\n  idleCleanup: {enabled: true, idleTimeoutMin: 0}\n';
    expect((await parse(text)).server.idleCleanup.idleTimeoutMin).toBe(15);
  });

  test('transform defaults per kind; unknown resultKey behaves as ""', async () => {
    const text = `
buckets:
  p:
    transform:
      kind: presets-query
      path: "/(?P<presetName>[a-z]+)/(?P<parent>.*)"${BASIC_STORAGES}
  q:
    transform: {kind: query, resultKey: hashh}${BASIC_STORAGES}
  c:
    transform: {kind: cloudinary, path: "/(?P<parent>.*)"}${BASIC_STORAGES}
`;
    const { buckets } = await parse(text);

    expect(buckets['p']?.transform).toMatchObject({
      parentStorage: 'basic',
      parentBucket: '',
      checkParent: false,
      resultKey: 'hashParent',
      presets: {},
    });
    expect(buckets['q']?.transform?.resultKey).toBe('');
    expect(buckets['c']?.transform?.resultKey).toBe('');
  });

  test('glacier defaults when absent; s3 region default', async () => {
    const text =
      'buckets:\n  m:\n    storages:\n      basic: {kind: s3, accessKey: a, secretAccessKey: b}\n';
    const bucket = (await parse(text)).buckets['m'];

    expect(bucket?.glacier).toEqual({
      enabled: false,
      restoreTier: 'Standard',
      restoreDays: 3,
      retryAfterSeconds: 14400,
    });
    expect(bucket?.storages['basic']?.region).toBe('us-east-1');
    expect(bucket?.transform).toBeUndefined();
  });
});

describe('access-key index (SPEC §2.6.4)', () => {
  test('each access key lists its buckets in file order', async () => {
    const text = `
buckets:
  b2: {keys: [{accessKey: shared, secretAccessKey: s}], storages: {basic: {kind: noop}}}
  a1: {keys: [{accessKey: shared, secretAccessKey: s}, {accessKey: own, secretAccessKey: t}],
       storages: {basic: {kind: noop}}}
`;
    const config = await parse(text);

    expect(config.bucketNames).toEqual(['b2', 'a1']);
    expect([...config.accessKeyIndex]).toEqual([['shared', ['b2', 'a1']], ['own', ['a1']]]);
  });
});

describe('frozen result', () => {
  test('nested objects cannot be changed', async () => {
    const config = await parse(DEFAULT_CONFIG_YAML);
    const preset = config.buckets['demo']?.transform?.presets['small'];

    expect(Object.isFrozen(config.server.listens)).toBe(true);
    expect(Object.isFrozen(preset?.filters.thumbnail)).toBe(true);
    expect(() => {
      (config.server as { listen: string }).listen = 'x';
    }).toThrow();
  });

  test('redactConfig hides secrets', async () => {
    const keys = '[{accessKey: ak, secretAccessKey: topsecret}]';
    const text = `buckets:\n  m:\n    keys: ${keys}${BASIC_STORAGES}\n`;
    const printed = JSON.stringify(redactConfig(await parse(text)));

    expect(printed).not.toContain('topsecret');
    expect(printed).toContain('"ak"');
  });
});

describe('placeholder (SPEC §6.9)', () => {
  let server: ReturnType<typeof Bun.serve>;

  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (request) =>
        new URL(request.url).pathname === '/ok.png'
          ? new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))
          : new Response('missing', { status: 404 }),
    });
  });

  afterAll(() => {
    server.stop(true);
  });

  test('an http placeholder is fetched at start-up', async () => {
    const url = `http://127.0.0.1:${server.port}/ok.png`;
    const config = await parse(`server:\n  placeholder: "${url}"\n`);
    expect([...(config.server.placeholderBytes ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  test('a failed fetch or unreadable file fails start-up', async () => {
    const http = await problemsOf(`server:\n  placeholder: "http://127.0.0.1:${server.port}/x"\n`);
    const file = await problemsOf('server:\n  placeholder: /nonexistent/p.png\n');

    expect(http).toEqual([{ path: 'server.placeholder', message: expect.stringContaining('404') }]);
    expect(file[0]?.message).toContain('ENOENT');
  });

  test('a file placeholder is read', async () => {
    const path = join(FIXTURES_DIR, 'placeholder.png');
    expect((await parse(`server:\n  placeholder: ${path}\n`)).server.placeholderBytes?.length).toBe(
      (await Bun.file(path).bytes()).length,
    );
  });
});

describe('embedded default configuration', () => {
  test('passes validation and has the demo bucket', async () => {
    const config = await parse(DEFAULT_CONFIG_YAML);
    const transform = config.buckets['demo']?.transform;

    expect(config.server.listens).toEqual(['127.0.0.1:8080']);
    expect(transform?.kind).toBe('presets-query');
    expect(Object.keys(transform?.presets ?? {})).toEqual([
      'small',
      'medium',
      'webp',
      'blur',
      'crop',
    ]);
    expect(transform?.presets['webp']?.format).toBe('webp');
    expect(transform?.presets['blur']?.filters.blur?.sigma).toBe(5);
    expect(transform?.presets['crop']?.filters.crop).toMatchObject({
      width: 300,
      height: 300,
      gravity: 'smart',
    });
    expect(config.buckets['demo']?.storages['basic']).toMatchObject({
      kind: 'local-meta',
      rootPath: './data',
    });
    expect(transform?.pathRegexp?.exec('/small/photos/cat.jpg')?.groups).toEqual({
      presetName: 'small',
      parent: 'photos/cat.jpg',
    });
  });
});

describe('hostile names', () => {
  test('a key named __proto__ is an ordinary entry', async () => {
    const storages = `${BASIC_STORAGES}\n      __proto__: {kind: noop}`;
    const text = `buckets:\n  m:\n    headers: {__proto__: x}${storages}\n`;
    const bucket = (await parse(text)).buckets['m'];

    expect(Object.keys(bucket?.headers ?? {})).toEqual(['__proto__']);
    expect(Object.keys(bucket?.storages ?? {})).toEqual(['basic', '__proto__']);
  });
});
