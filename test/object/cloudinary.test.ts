// Kind `cloudinary` (SPEC §4.2, §10.1): the notation subset and how its parent is found.
import { describe, expect, test } from 'bun:test';
import { parseConfig } from '../../src/config/index.ts';
import { MortError } from '../../src/errors.ts';
import {
  NOOP_STORAGE,
  parseCloudinaryNotation,
  resolveObject,
} from '../../src/object/index.ts';
import { TransformRecord } from '../../src/transforms/index.ts';
import { bucketWith, configWith, url } from './fixtures.ts';

function errorOf(run: () => unknown): MortError {
  try {
    run();
  } catch (err) {
    if (err instanceof MortError) return err;
    throw err;
  }
  throw new Error('expected a MortError');
}

const CLOUDINARY_PATH = /^\/(?<transformations>[^/]*)\/(?<parent>.+)$/;

const config = configWith({
  cdn: bucketWith({ kind: 'cloudinary', pathRegexp: CLOUDINARY_PATH, parentBucket: 'originals' }),
  // Without parentBucket the parent group must name the bucket (§4.2).
  bare: bucketWith({
    kind: 'cloudinary',
    path: '^/image/upload/(?P<transformations>[^/]*)/(?P<parent>.+)$',
  }),
  hashed: bucketWith({
    kind: 'cloudinary',
    pathRegexp: CLOUDINARY_PATH,
    parentBucket: 'originals',
    resultKey: 'hash',
  }),
});

const resolve = (path: string) => resolveObject(url(path), config);

function expectedRecord(build: (record: TransformRecord) => void): TransformRecord {
  const record = new TransformRecord();
  build(record);
  return record;
}

describe('notation (§10.1)', () => {
  test('c_fit resizes inside the box, keeping the aspect ratio, never enlarging', () => {
    const record = parseCloudinaryNotation('c_fit,w_300,h_200');
    expect(record).toMatchObject({
      width: 300,
      height: 200,
      enlarge: false,
      preserveAspectRatio: true,
      fill: false,
      crop: false,
    });
    const expected = expectedRecord((r) => r.resize(300, 200, false, true, false));
    expect(record.hash()).toBe(expected.hash());
  });

  test('c_fill enlarges and fills', () => {
    const record = parseCloudinaryNotation('c_fill,h_120');
    expect(record).toMatchObject({ width: 0, height: 120, enlarge: true, fill: true });
    expect(record.hash()).toBe(expectedRecord((r) => r.resize(0, 120, true, true, true)).hash());
  });

  test('c_crop crops with smart gravity', () => {
    const record = parseCloudinaryNotation('c_crop,w_50,h_60');
    expect(record).toMatchObject({ width: 50, height: 60, crop: true, gravity: 'smart' });
    const expected = expectedRecord((r) => r.setCrop(50, 60, 'smart', false, false));
    expect(record.hash()).toBe(expected.hash());
  });

  test('a mode alone is valid; later width/height tokens win', () => {
    expect(parseCloudinaryNotation('c_fit')).toMatchObject({ width: 0, height: 0 });
    expect(parseCloudinaryNotation('c_fit,w_10,w_20').width).toBe(20);
    expect(parseCloudinaryNotation('c_fit,w_0').notEmpty).toBe(true);
  });

  test('unknown qualifiers are ignored', () => {
    const record = parseCloudinaryNotation('c_fit,w_100,q_80,f_auto,e_sepia:50');
    const expected = expectedRecord((r) => r.resize(100, 0, false, true, false));
    expect(record.hash()).toBe(expected.hash());
    expect(record.quality).toBe(0);
  });

  test('the first token must be c_<mode>', () => {
    for (const text of ['w_100,c_fit', 'q_80', 'x_1,c_fit']) {
      expect(errorOf(() => parseCloudinaryNotation(text)).message).toContain('unknown action');
    }
  });

  test('modes other than fit, fill and crop are not implemented', () => {
    for (const text of ['c_scale,w_10', 'c_thumb', 'c_', 'c_FIT']) {
      const error = errorOf(() => parseCloudinaryNotation(text));
      expect(error.status).toBe(400);
      expect(error.message).toContain('not implemented');
    }
  });

  test('b, ar, g, bo, co, x and y qualifiers are not implemented', () => {
    for (const name of ['b', 'ar', 'g', 'bo', 'co', 'x', 'y']) {
      const error = errorOf(() => parseCloudinaryNotation(`c_fit,w_10,${name}_1`));
      expect(error.status).toBe(400);
      expect(error.message).toContain(`${name} not implemented`);
    }
  });

  test('a token without "_" is an error, including an empty token', () => {
    for (const text of ['cfit', 'c_fit,w100', 'c_fit,', 'c_fit,,w_1']) {
      expect(errorOf(() => parseCloudinaryNotation(text)).status).toBe(400);
    }
  });

  test('width and height must be non-negative 32-bit integers', () => {
    for (const value of ['-1', 'abc', '1.5', '', '+5', '2147483648', '0x10', 'auto']) {
      expect(errorOf(() => parseCloudinaryNotation(`c_fit,w_${value}`)).status).toBe(400);
      expect(errorOf(() => parseCloudinaryNotation(`c_fill,h_${value}`)).status).toBe(400);
    }
    expect(parseCloudinaryNotation('c_fit,w_2147483647').width).toBe(2147483647);
  });
});

describe('resolution (§4.2)', () => {
  test('a match yields the operations and a parent under parentBucket', () => {
    const object = resolve('/cdn/c_fit,w_300/photos/cat.jpg');
    expect(object.kind).toBe('cloudinary');
    expect(object.transforms).toMatchObject({ width: 300, preserveAspectRatio: true });
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/photos/cat.jpg' });
    expect(object.storage).toEqual({ type: 'configured', bucket: 'cdn', name: 'transform' });
    expect(object.key).toBe('/c_fit,w_300/photos/cat.jpg');
  });

  test('without parentBucket the parent group is the full parent path', () => {
    const object = resolveObject(url('/bare/image/upload/c_crop,w_10/originals/a.jpg'), config);
    expect(object.parent).toMatchObject({ bucket: 'originals', key: '/a.jpg' });
    expect(object.transforms?.crop).toBe(true);
  });

  test('no match is an original', () => {
    const object = resolve('/cdn/a.jpg');
    expect(object.parent).toBeUndefined();
    expect(object.transforms).toBeUndefined();
    expect(object.key).toBe('/a.jpg');
  });

  test('an empty transformation group serves the parent as is', () => {
    const object = resolve('/cdn//photos/cat.jpg');
    expect(object.transforms).toBeUndefined();
    expect(object.parent?.key).toBe('/photos/cat.jpg');
    expect(object.storage).toBe(NOOP_STORAGE);
  });

  test('notation errors and parents in unknown buckets are 400s', () => {
    for (const path of [
      '/cdn/c_fit,g_north/a.jpg',
      '/cdn/w_10/a.jpg',
      '/cdn/c_pad,w_10/a.jpg',
      '/cdn/c_fit,w_abc/a.jpg',
      '/bare/image/upload/c_fit/nowhere/a.jpg',
    ]) {
      expect(errorOf(() => resolve(path)).status).toBe(400);
    }
  });

  test('result keys apply as for every kind', () => {
    const object = resolve('/hashed/c_fit,w_300/photos/cat.jpg');
    const hex = object.transforms?.hash().toString(16) ?? '';
    expect(object.key).toBe(`/${hex.slice(0, 3)}/pho/photos-cat.jpg-${hex}`);
  });
});

describe('from mort.yml', () => {
  test('the README example resolves an uploaded public id', async () => {
    const yaml = `
buckets:
  media:
    keys:
      - accessKey: "cloudinary-api-key"
        secretAccessKey: "cloudinary-api-secret"
    transform:
      kind: cloudinary
      path: "^/image/upload/(?P<transformations>[^/]*)/(?P<parent>.+)$"
      parentBucket: media
      resultKey: hash
    storages:
      basic: { kind: local-meta, rootPath: /tmp }
      transform: { kind: local-meta, rootPath: /tmp }
`;
    const fromYaml = await parseConfig(yaml);
    const path = '/media/image/upload/c_fill,w_300,h_200/Ab3dEf6hIj9lMn2pQr5t';
    const object = resolveObject(url(path), fromYaml);
    expect(object.transforms).toMatchObject({ width: 300, height: 200, fill: true });
    // The parent lives in the same bucket and does not match the regexp: an original.
    expect(object.parent).toMatchObject({ bucket: 'media', key: '/Ab3dEf6hIj9lMn2pQr5t' });
    expect(object.parent?.parent).toBeUndefined();
    expect(object.key).toMatch(/^\/[0-9a-f]{3}\/Ab3\/Ab3dEf6hIj9lMn2pQr5t-[0-9a-f]+$/);
  });
});
