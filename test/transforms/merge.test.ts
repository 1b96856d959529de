// Merging chained records (SPEC §5.6), with §12.27 applied (rotation, grayscale, enlarge kept).
import { describe, expect, test } from 'bun:test';
import { mergeRecords, TransformRecord } from '../../src/transforms/index.ts';

function rec(build: (record: TransformRecord) => void): TransformRecord {
  const record = new TransformRecord();
  build(record);
  return record;
}

describe('mergeRecords', () => {
  test('zero or one record passes through', () => {
    expect(mergeRecords([])).toEqual([]);
    const only = rec((r) => r.setQuality(5));
    expect(mergeRecords([only])).toEqual([only]);
  });

  test('the first record absorbs the next and writes its accumulator', () => {
    // top: preset thumbnail 300 + quality 80 (acc e598db9da000257d);
    // child: query width=640 (acc 601a08031c468308).
    // merged acc = (0xe598db9da000257d XOR 0x601a08031c468308) * 1099511628211 mod 2^64,
    // computed with the independent Python port: 23f40bb9ec0cd8cf.
    const top = rec((r) => {
      r.resize(300, 0, false, false, false);
      r.setQuality(80);
    });
    const child = rec((r) => r.resize(640, 0, false, false, false));
    const [merged, ...rest] = mergeRecords([top, child]);
    expect(rest).toEqual([]);
    expect(merged?.width).toBe(640);
    expect(merged?.quality).toBe(80);
    expect(merged?.acc.value.toString(16)).toBe('23f40bb9ec0cd8cf');
    // Inputs untouched.
    expect(top.width).toBe(300);
    expect(top.acc.value.toString(16)).toBe('e598db9da000257d');
  });

  test('zero values do not replace; flags are OR-ed; area and auto-crop always replace', () => {
    const top = rec((r) => {
      r.setCrop(100, 80, 'north', false, true);
      r.setQuality(60);
      r.setFormat('png');
      r.extract(5, 6, 7, 8);
      r.setInterlace();
    });
    const child = rec((r) => {
      r.resize(0, 40, false, true, false);
      r.stripMetadata();
    });
    const [merged] = mergeRecords([top, child]);
    expect(merged).toMatchObject({
      width: 100,
      height: 40,
      quality: 60,
      format: 'png',
      gravity: 'north',
      crop: true,
      embed: true,
      preserveAspectRatio: true,
      interlace: true,
      strip: true,
      top: 0,
      left: 0,
      areaWidth: 0,
      areaHeight: 0,
    });
  });

  test('gravity center (code 0) does not replace', () => {
    const top = rec((r) => r.setCrop(10, 10, 'south', false, false));
    const child = rec((r) => r.setCrop(20, 20, 'center', false, false));
    expect(mergeRecords([top, child])[0]?.gravity).toBe('south');
  });

  test('blur values add up', () => {
    const top = rec((r) => r.setBlur(1, 0.5));
    const child = rec((r) => r.setBlur(2, 0.25));
    expect(mergeRecords([top, child])[0]?.blur).toEqual({ sigma: 3, minAmpl: 0.75 });
    expect(mergeRecords([rec(() => {}), child])[0]?.blur).toEqual({ sigma: 2, minAmpl: 0.25 });
  });

  test('rotation composes; grayscale and enlarge carry over (§12.27)', () => {
    const top = rec((r) => r.setRotate(270));
    const child = rec((r) => {
      r.setRotate(180);
      r.setGrayscale();
      r.resize(10, 0, true, false, false);
    });
    expect(mergeRecords([top, child])[0]).toMatchObject({
      rotate: 90,
      grayscale: true,
      enlarge: true,
    });
  });

  test('a watermark is copied when the base has none; two watermarks stay separate', () => {
    const marked = (image: string) =>
      rec((r) => r.setWatermark(image, 'top-left', 1, 'config'));
    const plain = rec((r) => r.setQuality(50));

    const [copied] = mergeRecords([plain, marked('a.png')]);
    expect(copied?.watermark?.image).toBe('a.png');

    const second = marked('b.png');
    const result = mergeRecords([marked('a.png'), second]);
    expect(result).toHaveLength(2);
    expect(result[0]?.watermark?.image).toBe('a.png');
    expect(result[1]).toBe(second);
  });

  test('any noMerge record keeps every record separate, in order', () => {
    const top = rec((r) => r.resizeCropAuto(10, 10));
    const child = rec((r) => r.setQuality(10));
    const result = mergeRecords([top, child]);
    expect(result).toEqual([top, child]);
    expect(result[0]).toBe(top);
  });
});
