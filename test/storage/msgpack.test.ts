import { describe, expect, test } from 'bun:test';
import { decodeStringMap, encodeStringMap } from '../../src/storage/msgpack.ts';

describe('msgpack string maps', () => {
  test('round-trips every string length class and map size class', () => {
    const entries: Record<string, string> = {};
    for (let index = 0; index < 20; index++) entries[`k${index}`] = 'x'.repeat(index * 20);
    entries['long'] = 'y'.repeat(70_000);

    const encoded = encodeStringMap(entries);

    expect(encoded[0]).toBe(0xde);
    expect(decodeStringMap(encoded)).toEqual(entries);
  });

  test('uses the smallest string forms', () => {
    const encoded = encodeStringMap({ a: 'b'.repeat(31), c: 'd'.repeat(32), e: 'f'.repeat(256) });

    expect([...encoded.subarray(0, 3)]).toEqual([0x83, 0xa1, 0x61]);
    expect(encoded[3]).toBe(0xbf);
    expect([...encoded.subarray(37, 39)]).toEqual([0xd9, 32]);
    expect([...encoded.subarray(73, 76)]).toEqual([0xda, 0x01, 0x00]);
  });

  test('reads scalars written by other encoders as text and skips nil', () => {
    const bytes = Uint8Array.from([0x83, 0xa1, 0x61, 0x05, 0xa1, 0x62, 0xc3, 0xa1, 0x63, 0xc0]);

    expect(decodeStringMap(bytes)).toEqual({ a: '5', b: 'true' });
  });

  test('refuses truncated data and nested containers', () => {
    expect(() => decodeStringMap(Uint8Array.from([0x81, 0xa1]))).toThrow();
    expect(() => decodeStringMap(Uint8Array.from([0x81, 0xa1, 0x61, 0x90]))).toThrow();
  });
});
