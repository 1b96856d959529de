// Setters of SPEC §5.1: validation, fields, and exactly what each one writes.
import { describe, expect, test } from 'bun:test';
import { MortError } from '../../src/errors.ts';
import { Accumulator, TransformRecord } from '../../src/transforms/index.ts';

/** Accumulator value for an explicit list of writes, to compare with a record's. */
function accOf(...writes: Array<Array<number | bigint>>): bigint {
  const acc = new Accumulator();
  for (const values of writes) acc.write(...values);
  return acc.value;
}

function expectBadRequest(run: () => void, message?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MortError);
  expect((caught as MortError).status).toBe(400);
  if (message) expect((caught as MortError).message).toMatch(message);
}

describe('TransformRecord setters', () => {
  test('resize writes dimensions then the flags in order', () => {
    const record = new TransformRecord();
    record.resize(100, 50, true, true, true);
    expect(record.acc.value).toBe(accOf([1111, 700, 150], [12311], [700000001], [700000002]));
    expect(record).toMatchObject({ width: 100, height: 50, enlarge: true, fill: true });
    expect(record.notEmpty).toBe(true);
  });

  test('crop records gravity code, embed before enlarge', () => {
    const record = new TransformRecord();
    record.setCrop(100, 50, 'north', true, true);
    expect(record.acc.value).toBe(accOf([1212, 500, 50, 1], [3333], [54324]));
    expect(record).toMatchObject({ crop: true, gravity: 'north', embed: true, enlarge: true });
  });

  test('unknown or empty gravity means smart (code 5)', () => {
    for (const gravity of ['', 'nowhere', 'North']) {
      const record = new TransformRecord();
      record.setCrop(10, 10, gravity, false, false);
      expect(record.gravity).toBe('smart');
      expect(record.acc.value).toBe(accOf([1212, 50, 10, 5]));
    }
  });

  test('extract hashes the current width/height, not the area', () => {
    const record = new TransformRecord();
    record.resize(200, 0, false, false, false);
    record.extract(7, 10, 50, 60);
    expect(record.acc.value).toBe(accOf([1111, 1400, 0], [1611, 600, 0, 42, 10]));
    expect(record).toMatchObject({ top: 7, left: 10, areaWidth: 50, areaHeight: 60 });
  });

  test('extract at (0, 0) stores top = -1 but hashes 0', () => {
    const record = new TransformRecord();
    record.extract(0, 0, 5, 5);
    expect(record.top).toBe(-1);
    expect(record.acc.value).toBe(accOf([1611, 0, 0, 0, 0]));
  });

  test('resizeCropAuto sets noMerge', () => {
    const record = new TransformRecord();
    record.resizeCropAuto(30, 40);
    expect(record.acc.value).toBe(accOf([31229, 60, 40]));
    expect(record.noMerge).toBe(true);
  });

  test('simple flags write their constants', () => {
    const record = new TransformRecord();
    record.setInterlace();
    record.stripMetadata();
    record.setGrayscale();
    expect(record.acc.value).toBe(accOf([1311, 71], [1999], [32309]));
  });

  test('quality must be 1..100', () => {
    for (const bad of [0, 101, -5, 50.5]) {
      expectBadRequest(() => new TransformRecord().setQuality(bad), /^invalid quality/);
    }
    const record = new TransformRecord();
    record.setQuality(100);
    expect(record.acc.value).toBe(accOf([1401, 100]));
  });

  test('format codes, jpg alias and our avif code 8', () => {
    const codes: Array<[string, number, string]> = [
      ['jpeg', 1, 'jpeg'],
      ['jpg', 1, 'jpeg'],
      ['webp', 2, 'webp'],
      ['png', 3, 'png'],
      ['gif', 5, 'gif'],
      ['pdf', 6, 'pdf'],
      ['svg', 7, 'svg'],
      ['avif', 8, 'avif'],
    ];
    for (const [name, code, stored] of codes) {
      const record = new TransformRecord();
      record.setFormat(name);
      expect(record.format).toBe(stored as never);
      expect(record.acc.value).toBe(accOf([1122121, code]));
    }
  });

  test('an unknown format is an error but still marks the record non-empty', () => {
    const record = new TransformRecord();
    expectBadRequest(() => record.setFormat('bmp'), /^invalid format/);
    expectBadRequest(() => record.setFormat('JPEG'));
    expect(record.notEmpty).toBe(true);
    expect(record.acc.value).toBe(0n);
  });

  test('blur truncates sigma and minAmpl times 1000', () => {
    const record = new TransformRecord();
    record.setBlur(1.5, Math.fround(0.2));
    // fround(0.2) * 1000 = 200.0000029… → 200
    expect(record.acc.value).toBe(accOf([19121, 1500, 200]));
  });

  test('blur validates sigma range and rejects negative minAmpl', () => {
    for (const sigma of [0, -1, 100.5, Number.NaN]) {
      expectBadRequest(() => new TransformRecord().setBlur(sigma, 0), /^invalid sigma/);
    }
    expectBadRequest(() => new TransformRecord().setBlur(100, -0.1), /^invalid minAmpl/);
  });

  test('watermark hashes byte lengths and the single-precision percent', () => {
    const record = new TransformRecord();
    // f32(0.57) * 100 = 56.99999928… which rounds to 57.0 in single precision: trunc → 57
    // (plain double arithmetic would give 56).
    record.setWatermark('http://x/w.pngé', 'bottom-right', Math.fround(0.57), 'request');
    // 'http://x/w.pngé' is 15 characters but 16 UTF-8 bytes; Go's len() counts bytes.
    expect(record.acc.value).toBe(accOf([171200, 16, 12, 57]));
    expect(record.watermark).toEqual({
      image: 'http://x/w.pngé',
      position: 'bottom-right',
      opacity: Math.fround(0.57),
      origin: 'request',
    });
  });

  test('watermark validation', () => {
    const wm = (image: string, position: string, opacity: number) => () =>
      new TransformRecord().setWatermark(image, position, opacity, 'config');
    expectBadRequest(wm('', 'top-left', 0.5), /^invalid image/);
    expectBadRequest(wm('a.png', '', 0.5), /^invalid position/);
    expectBadRequest(wm('a.png', 'left-top', 0.5), /^invalid position/);
    expectBadRequest(wm('a.png', 'top-left-x', 0.5), /^invalid position/);
    expectBadRequest(wm('a.png', 'top-left', 1.01), /^invalid opacity/);
    expectBadRequest(wm('a.png', 'top-left', -0.01), /^invalid opacity/);
  });

  test('rotate accepts 0, 90, 180, 270 only', () => {
    for (const bad of [45, -90, 360, 91]) {
      expectBadRequest(() => new TransformRecord().setRotate(bad), /^invalid angle/);
    }
    const record = new TransformRecord();
    record.setRotate(270);
    expect(record.acc.value).toBe(accOf([32941, 3]));
    expect(record.rotate).toBe(270);
  });

  test('a failing setter changes nothing', () => {
    const record = new TransformRecord();
    record.resize(10, 10, false, false, false);
    const before = record.acc.value;
    expectBadRequest(() => record.resize(-1, 5, true, true, true), /^invalid width/);
    expectBadRequest(() => record.setCrop(5, -1, 'north', false, false), /^invalid height/);
    expectBadRequest(() => record.extract(-1, 0, 0, 0), /^invalid top/);
    expectBadRequest(() => record.resizeCropAuto(1.5, 0), /^invalid width/);
    expect(record.acc.value).toBe(before);
    expect(record).toMatchObject({ width: 10, height: 10, crop: false, noMerge: false });
  });

  test('clone is deep', () => {
    const record = new TransformRecord();
    record.setBlur(2, 0);
    const copy = record.clone();
    copy.setQuality(50);
    copy.blur!.sigma = 9;
    expect(record.quality).toBe(0);
    expect(record.blur?.sigma).toBe(2);
    expect(copy.acc.value).not.toBe(record.acc.value);
    expect(copy).toBeInstanceOf(TransformRecord);
  });
});
