// Presets → records (SPEC §5.2): fixed setter order, skipped values, memoisation (§12.12).
import { describe, expect, test } from 'bun:test';
import { MortError } from '../../src/errors.ts';
import {
  Accumulator,
  buildPresetRecord,
  hex64,
  presetRecord,
  type PresetShape,
} from '../../src/transforms/index.ts';

const accHex = (value: bigint) => value.toString(16).padStart(16, '0');

describe('buildPresetRecord', () => {
  test('reproduces the preset row of SPEC §4.4', () => {
    const record = buildPresetRecord({ quality: 80, filters: { thumbnail: { width: 300 } } });
    expect(accHex(record.acc.value)).toBe('e598db9da000257d');
    expect(hex64(record.hash())).toBe('672dc20e35aae02c');
  });

  test('runs setters in the fixed order whatever the YAML order', () => {
    // Writes, in §5.2 order: thumbnail → resize(100, 100, outbound → enlarge, par, fill):
    // [1111, 700, 300], [12311], [700000001], [700000002]; quality 0 is skipped;
    // interlace [1311, 71]; strip [1999]; format jpg [1122121, 1]; grayscale [32309];
    // rotate 45 is invalid and skipped. Value from an independent Python port of §5.1.
    const preset: PresetShape = {
      format: 'jpg',
      filters: {
        rotate: { angle: 45 },
        grayscale: true,
        strip: true,
        interlace: true,
        auto_rotate: true,
        thumbnail: {
          width: 100,
          height: 100,
          mode: 'outbound',
          preserveAspectRatio: true,
          fill: true,
        },
      },
    };
    const record = buildPresetRecord(preset);
    expect(accHex(record.acc.value)).toBe('2de65864ab1d22ae');
    expect(hex64(record.hash())).toBe('4f0bfb455e3a8d8d');
    expect(record.rotate).toBe(0);
  });

  test('crop, extract, blur, watermark and rotate from filters', () => {
    const record = buildPresetRecord({
      quality: 101,
      filters: {
        crop: { width: 50, height: 40, gravity: 'east', mode: 'outbound', embed: true },
        extract: { top: 1, left: 2, width: 3, height: 4 },
        resizeCropAuto: { width: 5, height: 6 },
        blur: { sigma: 2, minAmpl: 0.5 },
        watermark: { image: '/srv/logo.png', position: 'center-center', opacity: 0.5 },
        rotate: { angle: 90 },
      },
    });
    const expected = new Accumulator();
    expected.write(1212, 250, 40, 2);
    expected.write(3333);
    expected.write(54324);
    expected.write(1611, 150, 120, 6, 2);
    expected.write(31229, 10, 6);
    expected.write(19121, 2000, 500);
    expected.write(171200, 13, 13, 50);
    expected.write(32941, 1);
    expect(record.acc.value).toBe(expected.value);
    expect(record.quality).toBe(0);
    expect(record.watermark?.origin).toBe('config');
  });

  test('a preset without filters has no operations', () => {
    expect(buildPresetRecord({}).notEmpty).toBe(false);
    expect(buildPresetRecord({ filters: { auto_rotate: true } }).notEmpty).toBe(false);
  });

  test('any other setter error fails the preset with 400', () => {
    expect(() => buildPresetRecord({ format: 'bmp' })).toThrow(MortError);
    expect(() => buildPresetRecord({ filters: { blur: { sigma: 0 } } })).toThrow(/invalid sigma/);
    expect(() => buildPresetRecord({ filters: { watermark: { image: 'a.png' } } })).toThrow(
      /invalid position/,
    );
  });
});

describe('presetRecord (memoised)', () => {
  test('returns an independent copy each time', () => {
    const preset: PresetShape = { filters: { thumbnail: { width: 10 } } };
    const first = presetRecord(preset);
    first.setFormat('webp');
    const second = presetRecord(preset);
    expect(second.format).toBeUndefined();
    expect(second.acc.value).not.toBe(first.acc.value);
  });

  test('same-named presets of two buckets do not share a record (§12.12)', () => {
    const bucketA = { small: { filters: { thumbnail: { width: 10 } } } };
    const bucketB = { small: { filters: { thumbnail: { width: 20 } } } };
    expect(presetRecord(bucketA.small).width).toBe(10);
    expect(presetRecord(bucketB.small).width).toBe(20);
  });

  test('remembers a failing preset', () => {
    const preset: PresetShape = { format: 'bmp' };
    expect(() => presetRecord(preset)).toThrow(/invalid format/);
    expect(() => presetRecord(preset)).toThrow(/invalid format/);
  });
});
