import { describe, expect, test } from 'bun:test';
import {
  compareUtf8,
  selectKeyPage,
  type KeyPageOptions,
} from '../../src/storage/list-keys.ts';

const keys = ['b/2', 'a', 'b/1', 'b/c/3', 'b.txt', 'd/', 'e'];
const defaults: KeyPageOptions = {
  prefix: '',
  delimiter: undefined,
  marker: undefined,
  maxKeys: 1000,
};
const page = (options: Partial<KeyPageOptions>) => selectKeyPage(keys, { ...defaults, ...options });

describe('S3 listing page selection', () => {
  test('sorts keys by bytes, so "b.txt" comes before "b/"', () => {
    expect(page({ delimiter: '/' })).toEqual({
      objectKeys: ['a', 'b.txt', 'e'],
      commonPrefixes: ['b/', 'd/'],
      isTruncated: false,
      nextMarker: undefined,
    });
  });

  test('rolls up at the first delimiter after the prefix', () => {
    const result = page({ prefix: 'b/', delimiter: '/' });

    expect(result.objectKeys).toEqual(['b/1', 'b/2']);
    expect(result.commonPrefixes).toEqual(['b/c/']);
  });

  test('counts objects and prefixes together against maxKeys', () => {
    const first = page({ delimiter: '/', maxKeys: 2 });
    const second = page({ delimiter: '/', maxKeys: 2, marker: first.nextMarker });
    const third = page({ delimiter: '/', maxKeys: 2, marker: second.nextMarker });

    expect(first).toMatchObject({ objectKeys: ['a', 'b.txt'], isTruncated: true });
    expect(second).toMatchObject({ objectKeys: [], commonPrefixes: ['b/', 'd/'] });
    expect(third).toMatchObject({ objectKeys: ['e'], isTruncated: false });
  });

  test('a marker inside a common prefix does not repeat that prefix', () => {
    expect(page({ delimiter: '/', marker: 'b/1' }).commonPrefixes).toEqual(['d/']);
  });

  test('maxKeys 0 returns nothing', () => {
    expect(page({ maxKeys: 0 })).toMatchObject({ objectKeys: [], commonPrefixes: [] });
  });

  test('compares by UTF-8 bytes rather than UTF-16 code units', () => {
    // U+FF5E is above U+1F600 in UTF-16 units but below it in UTF-8 bytes.
    expect(compareUtf8('\uff5e', '\u{1f600}')).toBeLessThan(0);
  });
});
