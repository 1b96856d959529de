// URL → object (SPEC §4.1–§4.3): kinds, parents, storages, checkParent and the kind registry.
import { describe, expect, test } from 'bun:test';
import { MortError } from '../../src/errors.ts';
import {
  chainRecords,
  hasTransforms,
  NOOP_STORAGE,
  registerKindParser,
  resolveDecodedPath,
  resolveObject,
  topParent,
  type MortObject,
} from '../../src/object/index.ts';
import { TransformRecord } from '../../src/transforms/index.ts';
import { bucketWith, configWith, PRESET_PATH, thumbnailPreset, url } from './fixtures.ts';

const presets = { small: thumbnailPreset, empty: {}, broken: { format: 'bmp' } };

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof MortError) return err.status;
    throw err;
  }
  return undefined;
}

const config = configWith({
  media: bucketWith({
    pathRegexp: PRESET_PATH,
    parentBucket: 'originals',
    parentStorage: 'archive',
    checkParent: true,
    presets,
  }),
  // No parentBucket: the parent group must name its bucket (§4.2).
  self: bucketWith({ pathRegexp: PRESET_PATH, presets }),
  // Only the RE2 source: compiled by the fallback.
  source: bucketWith({
    path: '^/(?P<presetName>[a-z]+)/(?P<parent>.*)$',
    parentBucket: 'originals',
    presets,
  }),
  norender: {
    transform: { kind: 'presets', pathRegexp: PRESET_PATH, presets },
    storages: { basic: { kind: 'local' } },
  },
  query: bucketWith({ kind: 'query' }),
  queryUnder: bucketWith({ kind: 'query', parentBucket: 'originals' }),
  mixed: bucketWith({
    kind: 'presets-query',
    pathRegexp: PRESET_PATH,
    parentBucket: 'originals',
    presets,
  }),
  b64: bucketWith({
    kind: 'base64_presets',
    pathRegexp: /^\/(?<presetName>[a-z]+)\/(?<parent>[^/]+)$/,
    presets,
  }),
  // The parent group captures the whole key, so the parent is the same object again.
  loop: bucketWith({
    pathRegexp: /^(?<parent>\/(?<presetName>small)\/.*)$/,
    parentBucket: 'loop',
    presets,
  }),
  custom: bucketWith({ kind: 'test-notation' }),
  unknownKind: bucketWith({ kind: 'script' }),
});

const resolve = (path: string) => resolveObject(url(path), config);

describe('originals (§4.1)', () => {
  test('a bucket without transform serves originals from basic', () => {
    const object = resolve('/originals/a/b%20c.jpg');
    expect(object).toMatchObject({
      bucket: 'originals',
      key: '/a/b c.jpg',
      requestKey: '/a/b c.jpg',
      storage: { type: 'configured', bucket: 'originals', name: 'basic' },
      kind: undefined,
      transforms: undefined,
      parent: undefined,
      checkParent: false,
      allowChangeKey: true,
    });
    expect(object.url?.pathname).toBe('/originals/a/b%20c.jpg');
    expect(hasTransforms(object)).toBe(false);
  });

  test('bucket-only paths have key "" and "/"', () => {
    expect(resolve('/originals').key).toBe('');
    expect(resolve('/originals/').key).toBe('/');
  });

  test('unknown buckets, including prototype names, are 400', () => {
    for (const path of ['/nope/a.jpg', '/', '/__proto__/a', '/constructor/a', '/toString']) {
      expect(statusOf(() => resolve(path))).toBe(400);
    }
  });
});

describe('presets (§4.2, §4.3)', () => {
  test('a match yields the preset, parent from parentBucket, storages per §4.3', () => {
    const object = resolve('/media/small/photos/cat.jpg');
    expect(object.transforms?.width).toBe(300);
    expect(object.kind).toBe('presets');
    expect(object.storage).toEqual({ type: 'configured', bucket: 'media', name: 'transform' });
    expect(object.checkParent).toBe(true);
    expect(object.parent).toMatchObject({
      bucket: 'originals',
      key: '/photos/cat.jpg',
      // Read through media's parentStorage; the container stays the parent's bucket.
      storage: { type: 'configured', bucket: 'media', name: 'archive' },
      url: undefined,
      allowChangeKey: false,
      transforms: undefined,
    });
  });

  test('no match is an original; an unknown preset is a 400', () => {
    expect(resolve('/media/a.jpg').parent).toBeUndefined();
    expect(resolve('/media/a.jpg').storage.type).toBe('configured');
    expect(statusOf(() => resolve('/media/large/a.jpg'))).toBe(400);
    expect(statusOf(() => resolve('/media/broken/a.jpg'))).toBe(400);
  });

  test('a preset without operations serves the parent through a no-op storage', () => {
    const object = resolve('/media/empty/a.jpg');
    expect(object.transforms).toBeUndefined();
    expect(object.parent?.key).toBe('/a.jpg');
    expect(object.storage).toBe(NOOP_STORAGE);
    expect(object.key).toBe('/empty/a.jpg');
  });

  test('without a transform storage, rendered objects use the no-op storage (§12.16)', () => {
    expect(resolve('/norender/small/norender/a.jpg').storage).toBe(NOOP_STORAGE);
  });

  test('without parentBucket the parent group names its bucket', () => {
    const object = resolve('/self/small/originals/dir/a.jpg');
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/dir/a.jpg' });
    expect(object.checkParent).toBe(false);
    expect(object.parent?.storage).toEqual({ type: 'configured', bucket: 'self', name: 'basic' });
  });

  test('a parent in the same bucket that hits an unknown preset is an original (§12.39)', () => {
    // Parent /self/photos/cat.jpg matches the regexp with preset "photos", which is unknown.
    const object = resolve('/self/small/self/photos/cat.jpg');
    expect(object.parent).toMatchObject({ bucket: 'self', key: '/photos/cat.jpg' });
    expect(object.parent?.parent).toBeUndefined();
  });

  test('a parent in an unknown bucket is a 400', () => {
    expect(statusOf(() => resolve('/self/small/nowhere/a.jpg'))).toBe(400);
  });

  test('a path regexp given only as RE2 source is compiled', () => {
    expect(resolve('/source/small/x/y.jpg').parent?.key).toBe('/x/y.jpg');
  });

  test('a parent chain that never ends is cut off with a 400', () => {
    expect(statusOf(() => resolve('/loop/small/a.jpg'))).toBe(400);
  });
});

describe('query and presets-query', () => {
  test('no operations → original; extra parameters ignored', () => {
    const object = resolve('/query/a.jpg?utm=1');
    expect(object.parent).toBeUndefined();
    expect(object.key).toBe('/a.jpg');
  });

  test('operations → parent is the request path itself', () => {
    const object = resolve('/query/dir/a.jpg?width=100');
    expect(object.parent).toMatchObject({ bucket: 'query', key: '/dir/a.jpg' });
    // Parents resolve with an empty query, so the parent is an original.
    expect(object.parent?.transforms).toBeUndefined();
    expect(object.key).toMatch(/^\/dir-a\.jpg\/[0-9a-f]{32}$/);
  });

  test('parentBucket moves the parent', () => {
    expect(resolve('/queryUnder/dir/a.jpg?width=100').parent).toMatchObject({
      bucket: 'originals',
      key: '/dir/a.jpg',
    });
  });

  test('invalid query parameters are a 400', () => {
    expect(statusOf(() => resolve('/query/a.jpg?width=-1'))).toBe(400);
  });

  test('presets-query uses the preset when the regexp names a valid preset', () => {
    const object = resolve('/mixed/small/a.jpg?width=10');
    expect(object.transforms?.width).toBe(300);
    expect(object.parent?.key).toBe('/a.jpg');
  });

  test('presets-query falls back to the query on no match, unknown or broken presets', () => {
    const paths = ['/mixed/a.jpg', '/mixed/large/a.jpg', '/mixed/broken/a.jpg'];
    for (const path of paths.map((p) => `${p}?width=10`)) {
      const object = resolve(path);
      expect(object.transforms?.width).toBe(10);
      expect(object.parent?.bucket).toBe('originals');
    }
    expect(resolve('/mixed/large/a.jpg').transforms).toBeUndefined();
  });
});

describe('base64_presets (§4.2, §12.34)', () => {
  // "originals/dir/a.jpg" (19 bytes) in base64: b3JpZ2luYWxzL2Rpci9hLmpwZw, 26 characters
  // unpadded; the padded form adds "==".
  test('accepts standard base64 with and without padding', () => {
    for (const code of ['b3JpZ2luYWxzL2Rpci9hLmpwZw', 'b3JpZ2luYWxzL2Rpci9hLmpwZw==']) {
      expect(resolve(`/b64/small/${code}`).parent).toMatchObject({
        bucket: 'originals',
        key: '/dir/a.jpg',
      });
    }
  });

  test('accepts both alphabets', () => {
    // "originals/x/ÿ~?>.jpg": standard alphabet has a "+" where URL-safe has "-".
    for (const code of ['b3JpZ2luYWxzL3gvw79+Pz4uanBn', 'b3JpZ2luYWxzL3gvw79-Pz4uanBn']) {
      expect(resolve(`/b64/small/${code}`).parent?.key).toBe('/x/ÿ~?>.jpg');
    }
  });

  test('invalid base64, bad UTF-8 or a traversal in the decoded text is a 400', () => {
    const dotted = Buffer.from('originals/../secret.jpg').toString('base64url');
    for (const code of ['T3Jp*', 'T', '_w', dotted]) {
      expect(statusOf(() => resolve(`/b64/small/${code}`))).toBe(400);
    }
  });

  test('an unknown preset is a 400 here too', () => {
    expect(statusOf(() => resolve('/b64/large/b3JpZ2luYWxzL2Rpci9hLmpwZw'))).toBe(400);
  });
});

describe('kind registry', () => {
  test('a kind without a registered parser is a server error', () => {
    expect(statusOf(() => resolve('/unknownKind/a.jpg'))).toBe(500);
  });

  test('registered kinds plug into parents, storages and result keys', () => {
    registerKindParser('test-notation', (context) => {
      if (context.isParent) return {};
      const transforms = new TransformRecord();
      transforms.resize(5, 5, false, false, false);
      return { parent: `/originals${context.key}`, transforms, checkParent: true };
    });
    const object = resolve('/custom/z.png');
    expect(object.transforms?.width).toBe(5);
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/z.png' });
    expect(object.checkParent).toBe(true);
    expect(object.storage).toEqual({ type: 'configured', bucket: 'custom', name: 'transform' });
  });
});

describe('chain helpers', () => {
  const chained = configWith({
    media: bucketWith({ pathRegexp: PRESET_PATH, parentBucket: 'originals', presets }),
    edits: bucketWith({ kind: 'query', parentBucket: 'media' }),
  });

  test('chainRecords lists records top-most first; topParent finds the original', () => {
    const object: MortObject = resolveObject(url('/edits/small/a.jpg?width=640'), chained);
    const records = chainRecords(object);
    expect(records.map((record) => record.width)).toEqual([300, 640]);
    expect(topParent(object)).toMatchObject({ bucket: 'originals', key: '/a.jpg' });
    expect(topParent(topParent(object))).toBe(topParent(object));
  });

  test('resolveDecodedPath applies the same rules to a decoded path', () => {
    expect(resolveDecodedPath('/media/small/a b.jpg', chained).parent?.key).toBe('/a b.jpg');
    expect(statusOf(() => resolveDecodedPath('/media/../x', chained))).toBe(400);
  });
});
