// Canonical URI, query and header forms of SigV4 (AWS "Create a canonical request").

import { describe, expect, test } from 'bun:test';

import {
  canonicalHeaderValue,
  canonicalPaths,
  canonicalQuery,
  parseQuery,
  uriEncode,
} from '../../../src/s3/auth/canonical.ts';

describe('uriEncode', () => {
  test('keeps only A-Z a-z 0-9 - . _ ~ and escapes UTF-8 bytes in upper-case hex', () => {
    expect(uriEncode('aZ09-._~')).toBe('aZ09-._~');
    expect(uriEncode(" +=&%()!*'/,;:@$")).toBe(
      '%20%2B%3D%26%25%28%29%21%2A%27%2F%2C%3B%3A%40%24',
    );
    expect(uriEncode('ü日🎉')).toBe('%C3%BC%E6%97%A5%F0%9F%8E%89');
  });
});

describe('canonicalPaths', () => {
  test('a path already in S3 form has one candidate', () => {
    expect(canonicalPaths('/b/a%20b/%C3%BC%2B%28x%29')).toEqual(['/b/a%20b/%C3%BC%2B%28x%29']);
  });

  test('raw reserved characters get the strict form first, then the raw one', () => {
    expect(canonicalPaths("/b/a(b)!*'")).toEqual(['/b/a%28b%29%21%2A%27', "/b/a(b)!*'"]);
  });

  test('lower-case escapes are normalised; empty segments and %2F survive', () => {
    expect(canonicalPaths('/b/%c3%bc')[0]).toBe('/b/%C3%BC');
    expect(canonicalPaths('/b//x/a%2Fb/')).toEqual(['/b//x/a%2Fb/']);
  });

  test('invalid percent-encoding is kept as sent in the raw candidate', () => {
    expect(canonicalPaths('/b/%zz')).toContain('/b/%zz');
  });

  test('an empty path is `/`', () => {
    expect(canonicalPaths('')).toEqual(['/']);
  });
});

describe('canonicalQuery', () => {
  test('sorts by name, then value, encodes both, and gives bare names an empty value', () => {
    const pairs = parseQuery('?prefix=a%20b&acl&b=2&b=1&X-Amz-Signature=s');
    expect(canonicalQuery(pairs, 'X-Amz-Signature')).toBe('acl=&b=1&b=2&prefix=a%20b');
  });

  test('`+` in the query is a space (form decoding), encoded as %20', () => {
    expect(canonicalQuery(parseQuery('q=a+b&r=a%2Bb'))).toBe('q=a%20b&r=a%2Bb');
  });

  test('upper-case names sort before lower-case ones (byte order)', () => {
    expect(canonicalQuery(parseQuery('x-id=1&X-Amz-Date=2'))).toBe('X-Amz-Date=2&x-id=1');
  });
});

describe('canonicalHeaderValue', () => {
  test('trims and collapses runs of blanks and newlines', () => {
    expect(canonicalHeaderValue('  a \t b\r\n  c  ')).toBe('a b c');
  });
});
