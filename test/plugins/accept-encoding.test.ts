import { describe, expect, test } from 'bun:test';
import { chooseCoding, parseAcceptEncoding } from '../../src/plugins/accept-encoding.ts';

const ALL = ['br', 'zstd', 'gzip'] as const;

describe('chooseCoding', () => {
  test('on equal q prefers br, then zstd, then gzip', () => {
    expect(chooseCoding('gzip, deflate, br, zstd', ALL)).toBe('br');
    expect(chooseCoding('gzip, zstd', ALL)).toBe('zstd');
    expect(chooseCoding('gzip', ALL)).toBe('gzip');
    expect(chooseCoding('*', ALL)).toBe('br');
  });

  test('honours q-values over the tie-break order', () => {
    expect(chooseCoding('br;q=0.5, gzip;q=0.9', ALL)).toBe('gzip');
    expect(chooseCoding('br;q=0.5, zstd; q=0.8, gzip;q=0.7', ALL)).toBe('zstd');
  });

  test('q=0 refuses a coding, also one only covered by *', () => {
    expect(chooseCoding('br;q=0, gzip', ALL)).toBe('gzip');
    expect(chooseCoding('*;q=0, gzip;q=0.1', ALL)).toBe('gzip');
    expect(chooseCoding('*, br;q=0', ['br'])).toBeUndefined();
    expect(chooseCoding('identity', ALL)).toBeUndefined();
    expect(chooseCoding('', ALL)).toBeUndefined();
  });

  test('offers only what the config allows', () => {
    expect(chooseCoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(chooseCoding('br', ['gzip', 'zstd'])).toBeUndefined();
  });

  test('reads x-gzip as gzip and names case-insensitively', () => {
    expect(chooseCoding('X-GZIP', ALL)).toBe('gzip');
    expect(chooseCoding('BR', ALL)).toBe('br');
  });
});

describe('parseAcceptEncoding', () => {
  test('drops elements with malformed q-values and keeps the first duplicate', () => {
    const weights = parseAcceptEncoding('br;q=2, gzip;q=0.25, gzip;q=1, zstd;q=abc, deflate;Q=0.5');
    expect([...weights]).toEqual([['gzip', 0.25], ['deflate', 0.5]]);
  });
});
