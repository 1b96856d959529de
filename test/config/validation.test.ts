// Invalid configurations: every problem is reported at once, each with its key path.

import { describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '../../src/config/index.ts';
import { BASIC_STORAGES, parse, problemPathsOf, problemsOf } from './helpers.ts';

describe('validation collects every problem', () => {
  test('one ConfigError lists problems from all sections, one per line', async () => {
    const text = `
server:
  listens: [":8080"]
  internalListen: ":8080"
  plugins: {webp: ~, sharpen: {}}
buckets:
  media:
    transform: {kind: banana}
    storages:
      basic: {kind: local-meta}
  other:
    storages:
      transform: {kind: noop}
`;
    const error = await parse(text).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.path)).toEqual([
      'server.internalListen',
      'server.plugins.sharpen',
      'buckets.media.storages.basic.rootPath',
      'buckets.media.transform.kind',
      'buckets.other.storages.basic',
    ]);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('invalid configuration (5 problems):');
    expect(lines[4]).toStartWith('buckets.media.transform.kind: unknown kind "banana"');
    expect((error as ConfigError).stack).toBeDefined();
  });

  test('storages.basic without kind', async () => {
    const text = 'buckets:\n  m:\n    storages:\n      basic: {rootPath: /tmp}\n';
    expect(await problemPathsOf(text)).toEqual(['buckets.m.storages.basic.kind']);
  });

  test('every storage kind is checked, with required fields per kind', async () => {
    const text = `
buckets:
  m:
    storages:
      basic: {kind: local}
      a: {kind: http}
      b: {kind: s3, accessKey: x}
      c: {kind: ftp}
      d: {kind: azure}
      e: {kind: sftp, sftpHost: h, sftpUsername: u, sftpPort: 0}
`;
    expect(await problemPathsOf(text)).toEqual([
      'buckets.m.storages.basic.rootPath',
      'buckets.m.storages.a.url',
      'buckets.m.storages.b.secretAccessKey',
      'buckets.m.storages.c.kind',
      'buckets.m.storages.d.azureAccount',
      'buckets.m.storages.d.azureKey',
      'buckets.m.storages.e.sftpPort',
    ]);
  });

  test('b2, google and oracle point to kind s3 with an S3-compatible endpoint', async () => {
    const text = `
buckets:
  m:
    storages:
      basic: {kind: b2, b2Account: a, b2ApplicationKey: k}
      g: {kind: google}
      o: {kind: oracle}
`;
    const problems = await problemsOf(text);

    expect(problems).toHaveLength(3);
    for (const problem of problems) {
      expect(problem.message).toContain('use kind: s3');
      expect(problem.message).toContain('endpoint, region, accessKey and secretAccessKey');
    }
  });

  test('kind tengo explains its replacement', async () => {
    const transform = '{kind: tengo, tengoPath: parse.tengo}';
    const text = `buckets:\n  m:\n    transform: ${transform}${BASIC_STORAGES}\n`;
    const [problem] = await problemsOf(text);

    expect(problem?.path).toBe('buckets.m.transform.kind');
    expect(problem?.message).toContain('kind: "script"');
    expect(problem?.message).toContain('scriptPath');
    expect(problem?.message).toContain('parse function');
  });

  test('kind script needs a readable module that compiles and exports parse', async () => {
    const missing = `buckets:\n  m:\n    transform: {kind: script}${BASIC_STORAGES}\n`;
    const transform = '{kind: script, scriptPath: nope.ts}';
    const unreadable = `buckets:\n  m:\n    transform: ${transform}${BASIC_STORAGES}\n`;

    expect(await problemPathsOf(missing)).toEqual(['buckets.m.transform.scriptPath']);
    expect((await problemsOf(unreadable))[0]?.message).toContain('ENOENT');
  });

  test('script: syntax error or no parse export fails; MORT_CONFIG_DIR is the base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mort-config-'));
    writeFileSync(join(dir, 'broken.ts'), 'export function parse( {\n');
    writeFileSync(join(dir, 'other.mjs'), 'export const render = () => 1;\n');
    writeFileSync(join(dir, 'good.js'), 'export function parse() { return {}; }\n');
    const bucket = (name: string, file: string) =>
      `  ${name}:\n    transform: {kind: script, scriptPath: ${file}}${BASIC_STORAGES}\n`;
    const env = { MORT_CONFIG_DIR: dir };

    try {
      const broken = bucket('a', 'broken.ts') + bucket('b', 'other.mjs');
      const problems = await problemsOf(`buckets:\n${broken}`, { env, configDir: undefined });
      const goodText = `buckets:\n${bucket('c', 'good.js')}`;
      const good = await parse(goodText, { env, configDir: undefined });

      expect(problems[0]?.message).toContain('does not compile');
      expect(problems[1]?.message).toContain('must export a function named parse');
      expect(good.buckets['c']?.transform?.scriptPath).toBe(join(dir, 'good.js'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('transform path: missing, not compiling, presets without the two groups', async () => {
    const text = `
buckets:
  a:
    transform: {kind: presets-query}${BASIC_STORAGES}
  b:
    transform: {kind: query, path: "(?P<x>[a-"}${BASIC_STORAGES}
  c:
    transform: {kind: presets, path: "^/(?P<presetName>[a-z]+)/(?P<file>.+)"}${BASIC_STORAGES}
`;
    const problems = await problemsOf(text);

    expect(problems.map((problem) => problem.path)).toEqual([
      'buckets.a.transform.path',
      'buckets.b.transform.path',
      'buckets.c.transform.path',
    ]);
    expect(problems[2]?.message).toContain('(?P<parent>…)');
  });

  test('parentStorage and parentBucket must exist', async () => {
    const text = `
buckets:
  m:
    transform: {kind: query, parentStorage: originals, parentBucket: nowhere}${BASIC_STORAGES}
`;
    expect(await problemPathsOf(text)).toEqual([
      'buckets.m.transform.parentBucket',
      'buckets.m.transform.parentStorage',
    ]);
  });

  test('glacier tier and days', async () => {
    const text = `
buckets:
  m:
    glacier: {enabled: true, restoreTier: Fast, restoreDays: 31}${BASIC_STORAGES}
`;
    expect(await problemPathsOf(text)).toEqual([
      'buckets.m.glacier.restoreTier',
      'buckets.m.glacier.restoreDays',
    ]);
  });

  test('server rules: idle cleanup, compress, redis address, negative timeout', async () => {
    const text = `
server:
  requestTimeout: -1
  cache: {type: redis}
  idleCleanup: {enabled: true, idleTimeoutMin: 4}
  plugins:
    compress:
      gzip: {level: high}
  remoteFetch:
    allow: ["http://example.com/"]
`;
    expect(await problemPathsOf(text)).toEqual([
      'server.requestTimeout',
      'server.cache.address',
      'server.idleCleanup.idleTimeoutMin',
      'server.plugins.compress.gzip.level',
      'server.remoteFetch.allow[0]',
    ]);
  });

  test('null compress is an error; webp value is ignored', async () => {
    const text = 'server:\n  plugins:\n    webp: whatever\n    compress: ~\n';
    expect(await problemPathsOf(text)).toEqual(['server.plugins.compress']);
  });

  test('type errors carry the key path, list items their index', async () => {
    const text = `
server:
  accessLogs: "true"
  concurrentImageProcessing: "10"
headers:
  - statusCodes: [200, abc]
    override: 1
buckets:
  m:
    keys:
      - {accessKey: a}
    storages:
      basic: {kind: noop}
    transform:
      kind: presets
      path: "(?P<presetName>[a-z]+)/(?P<parent>.*)"
      presets:
        p:
          quality: high
          filters:
            thumbnail: {width: wide}
            blur: {sigma: lots}
`;
    expect(await problemPathsOf(text)).toEqual([
      'server.concurrentImageProcessing',
      'server.accessLogs',
      'headers[0].statusCodes[1]',
      'headers[0].override',
      'buckets.m.keys[0].secretAccessKey',
      'buckets.m.transform.presets.p.quality',
      'buckets.m.transform.presets.p.filters.thumbnail.width',
      'buckets.m.transform.presets.p.filters.blur.sigma',
    ]);
  });

  test('wrong shapes are reported, not thrown', async () => {
    expect(await problemPathsOf('buckets: [a, b]\n')).toEqual(['buckets']);
    expect(await problemPathsOf('- just\n- a list\n')).toEqual(['']);
    expect(await problemPathsOf('buckets:\n  m: 3\n')).toEqual([
      'buckets.m',
      'buckets.m.storages.basic',
    ]);
  });

  test('YAML syntax errors become a ConfigError with the position', async () => {
    const [problem] = await problemsOf('server:\n  listen: [":8080"\n');

    expect(problem?.path).toBe('');
    expect(problem?.message).toContain('line');
  });

  test('unknown keys are ignored', async () => {
    const text = `surprise: 1\nbuckets:\n  m:\n    colour: blue${BASIC_STORAGES}\n`;
    expect((await parse(text)).bucketNames).toEqual(['m']);
  });
});
