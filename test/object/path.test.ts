// Path decoding, traversal rejection (400), bucket/key split (SPEC §4.1) and Go path helpers.
import { describe, expect, test } from 'bun:test';
import { MortError } from '../../src/errors.ts';
import {
  cleanPath,
  decodeRequestPath,
  parentPathFrom,
  pathJoin,
  resolveObject,
  splitPath,
} from '../../src/object/index.ts';
import { configWith, url } from './fixtures.ts';

function expectInvalidPath(run: () => unknown): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MortError);
  expect((caught as MortError).status).toBe(400);
  expect((caught as MortError).message).toBe('invalid path');
}

describe('decodeRequestPath', () => {
  test('percent-decodes UTF-8 and keeps + as is', () => {
    expect(decodeRequestPath('/img/a%20b+c%C3%A9.jpg')).toBe('/img/a b+cé.jpg');
    expect(decodeRequestPath('/img/a..b/.hidden/c.')).toBe('/img/a..b/.hidden/c.');
  });

  test('refuses encoded slash, backslash and NUL in any case', () => {
    for (const raw of ['/img/a%2fb', '/img/a%2Fb', '/img/a%5Cb', '/img/a%5cb', '/img/a%00']) {
      expectInvalidPath(() => decodeRequestPath(raw));
    }
  });

  test('refuses bad escapes and invalid UTF-8', () => {
    for (const raw of ['/img/%zz', '/img/a%', '/img/a%4', '/img/%ff', '/img/%C3']) {
      expectInvalidPath(() => decodeRequestPath(raw));
    }
  });

  test('refuses dot segments, literal or encoded', () => {
    for (const raw of ['/img/../etc/passwd', '/img/%2e%2e/x', '/img/%2E./x', '/img/./a', '/..']) {
      expectInvalidPath(() => decodeRequestPath(raw));
    }
  });

  test('refuses literal backslashes and NUL', () => {
    expectInvalidPath(() => decodeRequestPath('/img/a\\..\\b'));
    expectInvalidPath(() => decodeRequestPath('/img/a\0b'));
  });
});

describe('traversal through resolveObject', () => {
  const config = configWith({});

  test('encoded traversal that survives URL normalisation is a 400', () => {
    const paths = ['/originals/..%2f..%2fetc/passwd', '/originals/%2e%2e%5cx', '/originals/a%00'];
    for (const path of paths) {
      expectInvalidPath(() => resolveObject(url(path), config));
    }
  });

  test('dot segments the URL parser removes cannot reach another bucket', () => {
    // WHATWG URL resolves /originals/../secret/x to /secret/x: an unknown bucket, still a 400.
    expect(() => resolveObject(url('/originals/%2e%2e/secret/x'), config)).toThrow(
      'unknown bucket',
    );
  });
});

describe('splitPath', () => {
  test('splits into bucket and key with its leading slash', () => {
    expect(splitPath('/img/a/b.jpg')).toEqual({ bucket: 'img', key: '/a/b.jpg' });
    expect(splitPath('/img')).toEqual({ bucket: 'img', key: '' });
    expect(splitPath('/img/')).toEqual({ bucket: 'img', key: '/' });
    expect(splitPath('/')).toEqual({ bucket: '', key: '' });
    expect(splitPath('/img//a')).toEqual({ bucket: 'img', key: '//a' });
  });

  test('requires a leading slash', () => {
    expectInvalidPath(() => splitPath('img/a.jpg'));
  });
});

describe('Go path helpers', () => {
  test('cleanPath matches path.Clean', () => {
    const cases: Array<[string, string]> = [
      ['', '.'],
      ['/', '/'],
      ['abc', 'abc'],
      ['abc//def', 'abc/def'],
      ['abc/./../def', 'def'],
      ['abc/def/../..', '.'],
      ['/../abc', '/abc'],
      ['../../abc', '../../abc'],
      ['/abc/', '/abc'],
    ];
    for (const [input, output] of cases) expect(cleanPath(input)).toBe(output);
  });

  test('pathJoin skips empty elements and cleans', () => {
    expect(pathJoin('media', '/photos//cat.jpg/')).toBe('media/photos/cat.jpg');
    expect(pathJoin('media', '')).toBe('media');
    expect(pathJoin('', '')).toBe('');
    expect(pathJoin('media', '/')).toBe('media');
  });

  test('parentPathFrom applies parentBucket or a leading slash', () => {
    expect(parentPathFrom('dir/a.jpg', 'media')).toBe('/media/dir/a.jpg');
    expect(parentPathFrom('/dir/a.jpg', 'media')).toBe('/media/dir/a.jpg');
    expect(parentPathFrom('media/dir/a.jpg', '')).toBe('/media/dir/a.jpg');
    expect(parentPathFrom('/media/dir/a.jpg', undefined)).toBe('/media/dir/a.jpg');
  });

  test('parentPathFrom refuses text that would climb out of parentBucket', () => {
    expectInvalidPath(() => parentPathFrom('../secret/a.jpg', 'media'));
    expectInvalidPath(() => parentPathFrom('a\\b', 'media'));
  });
});
