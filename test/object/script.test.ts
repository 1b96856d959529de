// Kind `script`, the Tengo replacement (SPEC §5.5): loading modules, the inputs a script
// sees, the transforms API and how its answer becomes the object.
import { beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { MortError } from '../../src/errors.ts';
import {
  loadScripts,
  resolveObject,
  type BucketShape,
  type ConfigShape,
} from '../../src/object/index.ts';
import { TransformRecord } from '../../src/transforms/index.ts';
import { bucketWith, configWith, url } from './fixtures.ts';
import * as resizeScript from './fixtures/resize-script.ts';

const fixture = (name: string) => join(import.meta.dir, 'fixtures', name);

function errorOf(run: () => unknown): MortError {
  try {
    run();
  } catch (err) {
    if (err instanceof MortError) return err;
    throw err;
  }
  throw new Error('expected a MortError');
}

function scriptBucket(name: string, extra: Record<string, unknown> = {}): BucketShape {
  return bucketWith({ kind: 'script', scriptPath: fixture(name), ...extra } as object);
}

const scripted: BucketShape & { headers: object; keys: object[] } = {
  ...scriptBucket('resize-script.ts', {
    path: '^/(?P<width>[0-9]+)/(?P<parent>.+)$',
    pathRegexp: /^\/(?<width>[0-9]+)\/(?<parent>.+)$/,
    parentStorage: 'basic',
    parentBucket: 'scripted',
    resultKey: 'hash',
    presets: {
      small: { quality: 80, filters: { thumbnail: { width: 300 }, auto_rotate: true } },
    },
  }),
  headers: { 'cache-control': 'max-age=60' },
  keys: [{ accessKey: 'AKID', secretAccessKey: 'very-secret' }],
};

const config: ConfigShape = configWith({
  scripted,
  throwing: scriptBucket('throwing-script.ts'),
  refusing: scriptBucket('error-script.ts'),
  notLoaded: scriptBucket('not-loaded.ts'),
});

const resolve = (path: string) => resolveObject(url(path), config);

beforeAll(async () => {
  const { notLoaded: _skipped, ...loadable } = config.buckets;
  await loadScripts({ buckets: loadable });
});

describe('loading', () => {
  test('an async parse is refused at start-up', async () => {
    const buckets = { later: scriptBucket('async-script.ts') };
    await expect(loadScripts({ buckets })).rejects.toThrow(/synchronous function parse/);
  });

  test('a module that does not load names the bucket', async () => {
    const buckets = { missing: scriptBucket('no-such-script.ts') };
    await expect(loadScripts({ buckets })).rejects.toThrow(/buckets\.missing/);
  });

  test('a bucket whose module was not loaded is a server error', () => {
    expect(errorOf(() => resolve('/notLoaded/a.jpg')).status).toBe(500);
  });
});

describe('results', () => {
  test('operations and the parent path come from the script', () => {
    const object = resolve('/scripted/120/originals/photos/cat.jpg');
    expect(object.kind).toBe('script');
    expect(object.transforms).toMatchObject({ width: 120, height: 0 });
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/photos/cat.jpg' });
    expect(object.storage).toEqual({ type: 'configured', bucket: 'scripted', name: 'transform' });

    const expected = new TransformRecord();
    expected.resize(120, 0, false, false, false);
    expect(object.transforms?.hash()).toBe(expected.hash());
  });

  test('no parent and no operations is an original', () => {
    const object = resolve('/scripted/photos/cat.jpg');
    expect(object.parent).toBeUndefined();
    expect(object.transforms).toBeUndefined();
  });

  test('the parent is used verbatim, without parentBucket handling', () => {
    // The bucket's parentBucket is `scripted`; a script's parent ignores it.
    expect(resolve('/scripted/5/originals/a.jpg').parent?.bucket).toBe('originals');
    expect(resolve('/scripted/5/a.jpg?parent=/originals/b.jpg').parent?.key).toBe('/b.jpg');
    // No leading `/` is added, and the path is still checked.
    for (const parent of ['originals/b.jpg', '/originals/../b.jpg', '/nowhere/b.jpg']) {
      const query = `?parent=${encodeURIComponent(parent)}`;
      expect(errorOf(() => resolve(`/scripted/5/a.jpg${query}`)).status).toBe(400);
    }
  });

  test('allowChangeKey and checkParent written by the script are honoured', () => {
    expect(resolve('/scripted/5/originals/a.jpg?keep=1').key).toBe('/5/originals/a.jpg');
    expect(resolve('/scripted/5/originals/a.jpg').key).not.toBe('/5/originals/a.jpg');
    expect(resolve('/scripted/5/originals/a.jpg').checkParent).toBe(false);
    expect(resolve('/scripted/5/originals/a.jpg?check=1').checkParent).toBe(true);
  });

  test('watermarks from scripts are request input (§12.30)', () => {
    const object = resolve('/scripted/5/originals/a.jpg?wm=1');
    expect(object.transforms?.watermark).toMatchObject({
      image: 'https://example.com/w.png',
      position: 'top-left',
      opacity: 0.5,
      origin: 'request',
    });
  });
});

describe('errors are 400s', () => {
  test('a script that throws; its message stays out of the reply', () => {
    const error = errorOf(() => resolve('/throwing/a.jpg'));
    expect(error.status).toBe(400);
    expect(error.message).not.toContain('/etc');
    expect(error.detail).toContain('/etc/secret');
  });

  test('a script that sets error', () => {
    const error = errorOf(() => resolve('/refusing/a.jpg'));
    expect(error.status).toBe(400);
    expect(error.detail).toBe('refused by script');
  });

  test('a setter called with the wrong arity or types', () => {
    expect(errorOf(() => resolve('/scripted/5/originals/a.jpg?bad=1')).status).toBe(400);
  });

  test('a setter that rejects its value', () => {
    const error = errorOf(() => resolve('/scripted/5/originals/a.jpg?q=101'));
    expect(error.status).toBe(400);
    expect(error.message).toContain('invalid quality');
  });
});

describe('inputs (§5.5)', () => {
  test('url carries scheme, host, decoded path, raw and parsed query', () => {
    resolve('/scripted/7/originals/a%20b.jpg?wm=1&wm=2&x=a+b');
    const input = resizeScript.lastInput;
    expect(input?.url).toEqual({
      scheme: 'http',
      host: 'mort.test',
      path: '/scripted/7/originals/a b.jpg',
      rawquery: 'wm=1&wm=2&x=a+b',
      query: { wm: ['1', '2'], x: ['a b'] },
    });
    expect(input?.obj).toMatchObject({
      bucket: 'scripted',
      key: '/7/originals/a b.jpg',
      allowChangeKey: true,
      checkParent: false,
      debug: false,
    });
    expect(input?.obj.uri).toBe(input?.url as never);
  });

  test('bucketConfig has the bucket settings but no secret keys', () => {
    resolve('/scripted/a.jpg');
    const bucketConfig = resizeScript.lastInput?.bucketConfig;
    expect(bucketConfig).toMatchObject({
      name: 'scripted',
      headers: { 'cache-control': 'max-age=60' },
      keys: [{ accessKey: 'AKID' }],
      transform: {
        path: '^/(?P<width>[0-9]+)/(?P<parent>.+)$',
        kind: 'script',
        parentStorage: 'basic',
        parentBucket: 'scripted',
      },
    });
    expect(JSON.stringify(bucketConfig)).not.toContain('very-secret');
    const groups = bucketConfig?.transform.pathRegexp('/10/x.jpg');
    expect(groups).toEqual({ width: '10', parent: 'x.jpg' });
    expect(bucketConfig?.transform.pathRegexp('nope')).toEqual({});
  });

  test('presets are shown as Tengo showed them, read-only', () => {
    resolve('/scripted/a.jpg');
    const small = resizeScript.lastInput?.bucketConfig.transform.presets['small'];
    expect(small).toMatchObject({
      quality: 80,
      format: '',
      filters: {
        thumbnail: { width: 300 },
        interlace: false,
        autoRotate: true,
        grayscale: false,
        strip: false,
      },
    });
    expect(small?.filters.crop).toBeUndefined();
    expect(Object.isFrozen(small?.filters.thumbnail)).toBe(true);
  });

  test('parents resolved through a script bucket see an empty URL', () => {
    const chained = configWith({
      scripted,
      edits: bucketWith({ kind: 'query', parentBucket: 'scripted' }),
    });
    const object = resolveObject(url('/edits/9/originals/a.jpg?width=50'), chained);
    const input = resizeScript.lastInput;
    const path = '/scripted/9/originals/a.jpg';
    expect(input?.url).toMatchObject({ scheme: '', host: '', path });
    expect(input?.obj.allowChangeKey).toBe(false);
    expect(object.parent?.transforms?.width).toBe(9);
    expect(object.parent?.parent?.key).toBe('/a.jpg');
  });
});

describe('from mort.yml', () => {
  test('the README example loads and resolves', async () => {
    const yaml = `
buckets:
  originals:
    storages:
      basic: { kind: local, rootPath: /tmp }
  thumbs:
    transform:
      kind: script
      scriptPath: readme-script.ts
      path: "^/(?P<width>[0-9]+)x(?P<height>[0-9]+)/(?P<parent>.+)$"
      resultKey: hash
    storages:
      basic: { kind: noop }
      transform: { kind: local, rootPath: /tmp }
`;
    const fromYaml = await parseConfig(yaml, { configDir: join(import.meta.dir, 'fixtures') });
    await loadScripts(fromYaml);

    const object = resolveObject(url('/thumbs/300x200/photos/cat.png?quality=80'), fromYaml);
    expect(object.transforms).toMatchObject({ width: 300, height: 200, quality: 80 });
    expect(object.transforms?.format).toBe('webp');
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/photos/cat.png' });
    expect(object.key).toMatch(/^\/[0-9a-f]{3}\/pho\/photos-cat\.png-[0-9a-f]+$/);
    expect(resolveObject(url('/thumbs/photos/cat.png'), fromYaml).parent).toBeUndefined();
  });
});
