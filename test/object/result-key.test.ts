// Result keys of SPEC §4.4, through full URL resolution, and chained hashParent.
import { describe, expect, test } from 'bun:test';
import { resolveObject } from '../../src/object/index.ts';
import { bucketWith, configWith, PRESET_PATH, thumbnailPreset, url } from './fixtures.ts';

/** Bucket `media` whose parent is `/media/photos/cat.jpg`, under each kind and scheme. */
function mediaPresets(resultKey: string) {
  return configWith({
    media: bucketWith({
      kind: 'presets',
      pathRegexp: PRESET_PATH,
      parentBucket: 'media',
      presets: { thumbnail: thumbnailPreset },
      resultKey,
    }),
  });
}

function mediaQuery(resultKey: string) {
  return configWith({ media: bucketWith({ kind: 'query', resultKey }) });
}

const PARENT = '/media/photos/cat.jpg';
const WEBP = '?operation=resize&width=400&operation=rotate&angle=90&quality=90&format=webp';

describe('SPEC §4.4 worked examples', () => {
  test('preset thumbnail 300 / quality 80', () => {
    const hash = resolveObject(url('/media/thumbnail/photos/cat.jpg'), mediaPresets('hash'));
    expect(hash.parent?.bucket).toBe('media');
    expect(hash.parent?.key).toBe('/photos/cat.jpg');
    expect(hash.transforms?.acc.value.toString(16)).toBe('e598db9da000257d');
    expect(hash.key).toBe('/672/pho/photos-cat.jpg-672dc20e35aae02c');

    const hashParent = resolveObject(
      url('/media/thumbnail/photos/cat.jpg'),
      mediaPresets('hashParent'),
    );
    expect(hashParent.key).toBe('/photos-cat.jpg/b9beaf0996236d451f7853d91d7d53b0');
  });

  test('query ?width=640', () => {
    expect(resolveObject(url(`${PARENT}?width=640`), mediaQuery('hash')).key).toBe(
      '/e4d/pho/photos-cat.jpg-e4dd74e071ccda9e',
    );
    // hashParent is the default for query kinds.
    expect(resolveObject(url(`${PARENT}?width=640`), mediaQuery('')).key).toBe(
      '/photos-cat.jpg/a41fbe2e21673245562e5097b71a9068',
    );
  });

  test('query resize 400 + rotate 90 + quality 90 + webp', () => {
    expect(resolveObject(url(PARENT + WEBP), mediaQuery('hash')).key).toBe(
      '/a5a/pho/photos-cat.jpg-a5a4979005a45e6b',
    );
    expect(resolveObject(url(PARENT + WEBP), mediaQuery('hashParent')).key).toBe(
      '/photos-cat.jpg/7c192d490766697e5e8a03ed4db410b7',
    );
  });
});

describe('hand-worked result keys', () => {
  test('crop with gravity and embed, parent /a/b.jpg', () => {
    // h64 f03e5e0c274003fb (see test/transforms/query.test.ts). hash: safe = "a-b.jpg",
    // "/" + "f03" + "/" + "a-b" + "/" + "a-b.jpg" + "-" + hex64.
    // hashParent: murmur3(be8(h64) + "/a/b.jpg", seed 0), from the independent Python port.
    const search = '/media/a/b.jpg?operation=crop&width=100&height=50&gravity=north&embed=1';
    expect(resolveObject(url(search), mediaQuery('hash')).key).toBe(
      '/f03/a-b/a-b.jpg-f03e5e0c274003fb',
    );
    expect(resolveObject(url(search), mediaQuery('hashParent')).key).toBe(
      '/a-b.jpg/c6dbf16ddeba0454619f800d66c714b5',
    );
  });

  test('a short parent key and an h64 with a leading zero nibble', () => {
    // ?width=10 → acc 23dbec02e917be3e, h64 0x0e3c09ddf193aacb: hex64 drops the leading zero,
    // so the key uses 15 hex digits; safe = "a" and safe[0:3] = "a".
    expect(resolveObject(url('/media/a?width=10'), mediaQuery('hash')).key).toBe(
      '/e3c/a/a-e3c09ddf193aacb',
    );
    expect(resolveObject(url('/media/a?width=10'), mediaQuery('hashParent')).key).toBe(
      '/a/62a7d63696346396fec9662922dfe785',
    );
  });

  test('full preset and avif query keys', () => {
    const config = mediaQuery('hash');
    expect(resolveObject(url(`${PARENT}?width=10&format=avif`), config).key).toBe(
      '/aa7/pho/photos-cat.jpg-aa7aa73937862e4b',
    );
  });

  test('chained parents: hashParent walks the chain, hash uses the immediate parent', () => {
    // /edits/small/photos/cat.jpg?width=640
    //   edits (query, parentBucket media): record width 640, h64 e4dd74e071ccda9e,
    //   parent "/" + pathJoin("media", "/small/photos/cat.jpg")
    //   → media (presets): preset small (h64 672dc20e35aae02c), parent /originals/photos/cat.jpg
    //   → originals: no transform (root).
    // hashParent buf = be8(e4dd…) + "/small/photos/cat.jpg"            (immediate parent key)
    //                + "/small/photos/cat.jpg" + be8(672d…)            (loop: media has a parent)
    // key = "/" + "photos-cat.jpg" (root key) + "/" + hex(h1, h2)  → Python port below.
    const config = configWith({
      media: bucketWith({
        kind: 'presets',
        pathRegexp: PRESET_PATH,
        parentBucket: 'originals',
        presets: { small: thumbnailPreset },
      }),
      edits: bucketWith({ kind: 'query', parentBucket: 'media' }),
      editsHash: bucketWith({ kind: 'query', parentBucket: 'media', resultKey: 'hash' }),
    });
    const object = resolveObject(url('/edits/small/photos/cat.jpg?width=640'), config);
    expect(object.key).toBe('/photos-cat.jpg/ef10f0cd10a123fbfcb8074799669dd6');
    expect(object.parent?.key).toBe('/small/photos/cat.jpg');
    expect(object.parent?.parent?.key).toBe('/photos/cat.jpg');

    const hashed = resolveObject(url('/editsHash/small/photos/cat.jpg?width=640'), config);
    expect(hashed.key).toBe('/e4d/sma/small-photos-cat.jpg-e4dd74e071ccda9e');
  });

  test('resultKey "" and unknown schemes keep the request key', () => {
    const search = '/media/thumbnail/photos/cat.jpg';
    expect(resolveObject(url(search), mediaPresets('')).key).toBe('/thumbnail/photos/cat.jpg');
    expect(resolveObject(url(search), mediaPresets('md5')).key).toBe('/thumbnail/photos/cat.jpg');
  });
});
