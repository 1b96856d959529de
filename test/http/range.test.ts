import { describe, expect, test } from 'bun:test';
import { bytesRangeable, parseRange, rangesLength } from '../../src/http/range.ts';

const ranges = (header: string, size = 100) => parseRange(header, size);

describe('parseRange', () => {
  test('reads closed, open and suffix ranges', () => {
    expect(ranges('bytes=0-9')).toEqual({ kind: 'ranges', ranges: [{ start: 0, end: 9 }] });
    expect(ranges('bytes=90-')).toEqual({ kind: 'ranges', ranges: [{ start: 90, end: 99 }] });
    expect(ranges('bytes=-10')).toEqual({ kind: 'ranges', ranges: [{ start: 90, end: 99 }] });
  });

  test('clamps ends past the size and suffixes longer than the body', () => {
    expect(ranges('bytes=95-200')).toEqual({ kind: 'ranges', ranges: [{ start: 95, end: 99 }] });
    expect(ranges('bytes=-500')).toEqual({ kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
    expect(ranges('bytes=1-99999999999999999999999')).toEqual({
      kind: 'ranges',
      ranges: [{ start: 1, end: 99 }],
    });
  });

  test('keeps several ranges in request order, tolerating spaces and empty elements', () => {
    expect(ranges('bytes= 50-59 , ,0-0')).toEqual({
      kind: 'ranges',
      ranges: [{ start: 50, end: 59 }, { start: 0, end: 0 }],
    });
  });

  test('drops unsatisfiable ranges and reports when none is left', () => {
    expect(ranges('bytes=100-,0-1')).toEqual({ kind: 'ranges', ranges: [{ start: 0, end: 1 }] });
    expect(ranges('bytes=100-')).toEqual({ kind: 'unsatisfiable' });
    expect(ranges('bytes=-0')).toEqual({ kind: 'unsatisfiable' });
    expect(ranges('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(ranges('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  test('treats other units and malformed sets as invalid', () => {
    for (const header of ['items=0-1', 'bytes=', 'bytes=a-b', 'bytes=5-1', 'bytes=-', 'bytes=1-2-3',
      'bytes=+1-2', 'bytes=0-1,x', '0-1']) {
      expect(ranges(header)).toEqual({ kind: 'invalid' });
    }
  });

  test('accepts the unit case-insensitively', () => {
    expect(ranges('Bytes=0-0').kind).toBe('ranges');
  });
});

describe('helpers', () => {
  test('rangesLength counts overlapping bytes twice', () => {
    expect(rangesLength([{ start: 0, end: 9 }, { start: 5, end: 9 }])).toBe(15);
  });

  test('bytesRangeable slices inclusively', () => {
    const body = bytesRangeable(new Uint8Array([1, 2, 3, 4]));
    expect(body.size).toBe(4);
    expect(Array.from(body.slice(1, 2) as Uint8Array)).toEqual([2, 3]);
  });
});
