import { describe, expect, test } from 'bun:test';
import { isMortError } from '../../src/errors.ts';
import {
  assertSafeKey,
  listingBase,
  toContainer,
  toStorageKey,
} from '../../src/storage/keys.ts';

const refused = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return isMortError(error) && error.code === 'bad_request';
  }
  return false;
};

describe('storage keys', () => {
  test('joins pathPrefix and key, cleaning empty and dot segments', () => {
    expect(toStorageKey({ kind: 'local' }, '/a/b.jpg')).toBe('/a/b.jpg');
    expect(toStorageKey({ kind: 'local', pathPrefix: 'pre/' }, '/a//./b.jpg')).toBe('/pre/a/b.jpg');
    expect(toStorageKey({ kind: 'local' }, '')).toBe('/');
    expect(toStorageKey({ kind: 'local' }, '/dir/')).toBe('/dir');
  });

  test('accepts ordinary keys, including dots and percent signs', () => {
    for (const key of ['/a/b.c.jpg', '/..hidden/x', '/x../y', '/100%/a', '/a%20b', '/ünï/c']) {
      expect(refused(() => assertSafeKey(key))).toBe(false);
    }
  });

  test('refuses traversal in plain, encoded and double-encoded forms', () => {
    const keys = [
      '/../a',
      '/a/..',
      '/a/%2e%2e/b',
      '/a/%2E%2e/b',
      '/a/%252e%252e/b',
      '/a/..%2fb',
      '/a%2Fb',
      '/a%5cb',
      '/a\\b',
      '/a\0b',
      '/a%00b',
    ];

    for (const key of keys) expect(refused(() => assertSafeKey(key))).toBe(true);
  });

  test('the container is the override, else the bucket, and never a path', () => {
    expect(toContainer({ kind: 'local' }, 'media')).toBe('media');
    expect(toContainer({ kind: 'local', bucket: 'other' }, 'media')).toBe('other');
    expect(refused(() => toContainer({ kind: 'local' }, '..'))).toBe(true);
    expect(refused(() => toContainer({ kind: 'local', bucket: 'a/b' }, 'x'))).toBe(true);
  });

  test('the listing base is the cleaned pathPrefix with a trailing slash', () => {
    expect(listingBase({ kind: 'local' })).toBe('');
    expect(listingBase({ kind: 'local', pathPrefix: '/p/q/' })).toBe('p/q/');
  });
});
