// Query parameters → record (SPEC §5.3), form decoding (§3) and Go-compatible number parsing.
import { describe, expect, test } from 'bun:test';
import { MortError } from '../../src/errors.ts';
import {
  hex64,
  MAX_DIMENSION,
  parseFloat32,
  parseFormQuery,
  parseInt32,
  queryRecord,
} from '../../src/transforms/index.ts';

const record = (search: string) => queryRecord(parseFormQuery(search));
const accHex = (search: string) => record(search)?.acc.value.toString(16).padStart(16, '0');

function expectBadRequest(search: string, message?: RegExp): void {
  let caught: unknown;
  try {
    record(search);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MortError);
  expect((caught as MortError).status).toBe(400);
  if (message) expect((caught as MortError).message).toMatch(message);
}

describe('parseFormQuery', () => {
  test('decodes + as space and percent escapes as UTF-8 bytes', () => {
    const query = parseFormQuery('?a=x+y%20z&b=%C3%A9&a=2');
    expect(query.get('a')).toEqual(['x y z', '2']);
    expect(query.get('b')).toEqual(['é']);
  });

  test('skips pairs with ; or a bad escape, and empty pairs', () => {
    const query = parseFormQuery('a=1;b=2&c=%zz&d=%4&&e&=v&f=ok');
    expect([...query.keys()]).toEqual(['e', '', 'f']);
    expect(query.get('e')).toEqual(['']);
  });
});

describe('number parsing', () => {
  test('parseInt32 follows strconv.ParseInt(s, 10, 32)', () => {
    expect(parseInt32('+5')).toBe(5);
    expect(parseInt32('-007')).toBe(-7);
    expect(parseInt32('2147483647')).toBe(2147483647);
    for (const bad of ['', ' 5', '5 ', '1.0', '0x10', '2147483648', '1e3']) {
      expect(parseInt32(bad)).toBeUndefined();
    }
  });

  test('parseFloat32 rounds to single precision and refuses overflow', () => {
    expect(parseFloat32('0.2')).toBe(Math.fround(0.2));
    expect(parseFloat32('.5')).toBe(0.5);
    expect(parseFloat32('5.')).toBe(5);
    expect(parseFloat32('1e-3')).toBe(Math.fround(0.001));
    for (const bad of ['', 'abc', 'inf', 'NaN', '1e39', '1,5']) {
      expect(parseFloat32(bad)).toBeUndefined();
    }
  });
});

describe('queryRecord: worked examples', () => {
  test('reproduces the query rows of SPEC §4.4', () => {
    expect(accHex('width=640')).toBe('601a08031c468308');
    const chained = 'operation=resize&width=400&operation=rotate&angle=90&quality=90&format=webp';
    expect(accHex(chained)).toBe('6fdf7075d2281966');
    expect(hex64(record(chained)!.hash())).toBe('a5a4979005a45e6b');
  });

  // Hand-worked vectors. Each comment lists the writes the algorithm makes; the accumulator
  // value was computed from those writes with an independent Python port of §5.1.
  test('crop with gravity and embed', () => {
    // crop(100, 50, north=1, enlarge=false, embed=true): [1212, 100*5, 50, 1] then [3333]
    expect(accHex('operation=crop&width=100&height=50&gravity=north&embed=1')).toBe(
      'c544ae72798fedfd',
    );
  });

  test('extract after resize hashes the resize width, not the area', () => {
    // resize(200, 0): [1111, 1400, 0]; extract(top 0, left 10, 50, 60):
    // [1611, W*3 = 600, H*3 = 0, top*6 = 0, left = 10]
    const search =
      'operation=resize&width=200&operation=extract&top=0&left=10&areaWith=50&areaHeight=60';
    expect(accHex(search)).toBe('2850f2b4061c191b');
    // Same with left 0: the last write is 0 instead of 10; top is stored as -1.
    const atOrigin = search.replace('left=10', 'left=0');
    expect(accHex(atOrigin)).toBe('2850ecb4061c0ee9');
    expect(record(atOrigin)?.top).toBe(-1);
  });

  test('blur values are rounded to single precision before hashing', () => {
    // sigma f32(1.5) = 1.5 → 1500; minAmpl f32(0.2) = 0.200000003 → trunc(200.000003) = 200
    expect(accHex('operation=blur&sigma=1.5&minAmpl=0.2')).toBe('fa2b5b812a28590e');
  });

  test('watermark from a query', () => {
    // len('http://x/w.pngé') = 16 bytes, len('bottom-right') = 12,
    // trunc(f32(f32(0.57) * 100)) = trunc(57.0) = 57 → [171200, 16, 12, 57]
    const search =
      'operation=watermark&image=http://x/w.png%C3%A9&position=bottom-right&opacity=0.57';
    expect(accHex(search)).toBe('035bd3181fca23e8');
    expect(record(search)?.watermark?.origin).toBe('request');
  });

  test('rotate then grayscale', () => {
    // resize(400, 0): [1111, 2800, 0]; rotate(180): [32941, 2]; grayscale: [32309]
    expect(accHex('operation=resize&width=400&operation=rotate&angle=180&grayscale')).toBe(
      '07868b51c04f60e6',
    );
  });

  test('avif format uses our code 8', () => {
    // resize(10, 0): [1111, 70, 0]; format(avif): [1122121, 8]
    expect(accHex('width=10&format=avif')).toBe('213fa525762a6ea7');
  });
});

describe('queryRecord: rules and edge cases', () => {
  test('an empty query or one without operations is no record', () => {
    expect(record('')).toBeUndefined();
    expect(record('?')).toBeUndefined();
    expect(record('foo=1&bar')).toBeUndefined();
    expect(record('operation=unknown')).toBeUndefined();
  });

  test('plain width/height must be present, numeric and > 0', () => {
    expectBadRequest('width=', /^invalid width: expected a non-empty value/);
    expectBadRequest('width=abc', /^invalid width/);
    expectBadRequest('width=0', /^invalid width/);
    expectBadRequest('height=-5', /^invalid height/);
    expect(record('height=20')).toMatchObject({ width: 0, height: 20 });
  });

  test('dimensions above 16383 are refused (§12.32)', () => {
    expect(record(`width=${MAX_DIMENSION}`)?.width).toBe(MAX_DIMENSION);
    expectBadRequest(`width=${MAX_DIMENSION + 1}`, /^invalid width: expected at most 16383/);
    expectBadRequest('operation=crop&height=999999', /^invalid height/);
    expectBadRequest('operation=extract&areaWidth=20000', /^invalid areaWidth/);
  });

  test('the first value of a repeated parameter wins', () => {
    expect(record('width=10&width=20')?.width).toBe(10);
  });

  test('an empty first operation is an error, later empty ones are ignored', () => {
    expectBadRequest('operation=&width=10', /^invalid operation/);
    expect(record('operation=resize&operation=&width=10')?.width).toBe(10);
  });

  test('operations run in order and share parameters', () => {
    const r = record('operation=crop&operation=resize&width=30&height=40');
    // crop then resize: both get 30x40; the later resize keeps crop = true.
    expect(r).toMatchObject({ width: 30, height: 40, crop: true, gravity: 'smart' });
  });

  test('resize: unparsable is 0, negative or both 0 is an error', () => {
    expect(record('operation=resize&width=abc&height=10')).toMatchObject({ width: 0, height: 10 });
    expectBadRequest('operation=resize&width=-1&height=10', /^invalid width/);
    expectBadRequest('operation=resize', /^invalid width/);
  });

  test('crop: both 0 allowed, embed means a non-empty value', () => {
    expect(record('operation=crop')).toMatchObject({ crop: true, width: 0, embed: false });
    expect(record('operation=crop&embed=')?.embed).toBe(false);
    expect(record('operation=crop&embed=no')?.embed).toBe(true);
  });

  test('extract: areaWith (sic) wins over areaWidth', () => {
    expect(record('operation=extract&areaWidth=20')?.areaWidth).toBe(20);
    expect(record('operation=extract&areaWith=10&areaWidth=20')?.areaWidth).toBe(10);
    expectBadRequest('operation=extract&top=-1', /^invalid top/);
  });

  test('resizeCropAuto', () => {
    expect(record('operation=resizeCropAuto&width=5&height=6')).toMatchObject({
      autoCropWidth: 5,
      autoCropHeight: 6,
      noMerge: true,
    });
    expectBadRequest('operation=resizeCropAuto&width=-5', /^invalid width/);
  });

  test('watermark needs a parsable opacity in [0, 1]', () => {
    const base = 'operation=watermark&image=a.png&position=top-left';
    expectBadRequest(base, /^invalid opacity: expected a number/);
    expectBadRequest(`${base}&opacity=x`, /^invalid opacity/);
    expectBadRequest(`${base}&opacity=1.5`, /^invalid opacity/);
    expectBadRequest('operation=watermark&position=top-left&opacity=1', /^invalid image/);
    expect(record(`${base}&opacity=0`)?.watermark?.opacity).toBe(0);
  });

  test('blur: sigma required; minAmpl optional, never negative (§12.31)', () => {
    expectBadRequest('operation=blur', /^invalid sigma/);
    expectBadRequest('operation=blur&sigma=0', /^invalid sigma/);
    expectBadRequest('operation=blur&sigma=101', /^invalid sigma/);
    expectBadRequest('operation=blur&sigma=1&minAmpl=-0.5', /^invalid minAmpl/);
    expect(record('operation=blur&sigma=1&minAmpl=zz')?.blur).toEqual({ sigma: 1, minAmpl: 0 });
  });

  test('rotate needs an integer angle', () => {
    expectBadRequest('operation=rotate', /^invalid angle/);
    expectBadRequest('operation=rotate&angle=90.0', /^invalid angle/);
    expectBadRequest('operation=rotate&angle=45', /^invalid angle/);
    expect(record('operation=rotate&angle=0')).toMatchObject({ rotate: 0, notEmpty: true });
  });

  test('quality, format and grayscale apply in both modes', () => {
    expect(record('quality=50')).toMatchObject({ quality: 50, width: 0 });
    expectBadRequest('quality=', /^invalid quality/);
    expectBadRequest('quality=0', /^invalid quality/);
    expectBadRequest('quality=high', /^invalid quality/);
    expectBadRequest('format=', /^invalid format/);
    expectBadRequest('format=tiff', /^invalid format/);
    expect(record('format=gif')?.format).toBe('gif');
    expect(record('grayscale=')?.grayscale).toBe(true);
    expect(record('operation=unknown&grayscale')?.grayscale).toBe(true);
  });
});
