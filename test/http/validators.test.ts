import { describe, expect, test } from 'bun:test';
import { parseEtag, parseEtagList, strongMatch, weakMatch } from '../../src/http/etag.ts';
import { parseHttpDate } from '../../src/http/http-date.ts';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseHttpDate', () => {
  test('reads the three HTTP-date formats', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(NOV_6_1994);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(NOV_6_1994);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(NOV_6_1994);
  });

  test('rejects what Date.parse would accept', () => {
    const lenient = ['2020', '1994-11-06T08:49:37Z', 'Sun, 06 Nov 1994 08:49:37 +0100', '', 'x'];
    for (const value of lenient) {
      expect(parseHttpDate(value)).toBeUndefined();
    }
  });

  test('rejects impossible calendar dates', () => {
    expect(parseHttpDate('Mon, 31 Feb 2020 00:00:00 GMT')).toBeUndefined();
    expect(parseHttpDate('Mon, 01 Foo 2020 00:00:00 GMT')).toBeUndefined();
  });
});

describe('entity tags', () => {
  test('parses strong, weak and unquoted tags', () => {
    expect(parseEtag('"abc"')).toEqual({ isWeak: false, opaque: '"abc"' });
    expect(parseEtag('W/"abc"')).toEqual({ isWeak: true, opaque: '"abc"' });
    expect(parseEtag('abc')).toEqual({ isWeak: false, opaque: '"abc"' });
    expect(parseEtag(null)).toBeUndefined();
    expect(parseEtag('')).toBeUndefined();
  });

  test('scans lists with commas inside quotes and a wildcard', () => {
    expect(parseEtagList('"a,b", W/"c" ,*, bare')).toEqual([
      { isWeak: false, opaque: '"a,b"' },
      { isWeak: true, opaque: '"c"' },
      '*',
      { isWeak: false, opaque: '"bare"' },
    ]);
  });

  test('strong comparison refuses weak tags, weak comparison ignores weakness', () => {
    const strong = { isWeak: false, opaque: '"x"' };
    const weak = { isWeak: true, opaque: '"x"' };
    expect(strongMatch(strong, strong)).toBe(true);
    expect(strongMatch(strong, weak)).toBe(false);
    expect(weakMatch(strong, weak)).toBe(true);
    expect(weakMatch(strong, { isWeak: false, opaque: '"y"' })).toBe(false);
  });
});
