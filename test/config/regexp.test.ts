import { describe, expect, test } from 'bun:test';

import { compilePathRegexp } from '../../src/config/index.ts';

function compile(source: string): RegExp {
  const compiled = compilePathRegexp(source);
  if (compiled.regexp === undefined) throw new Error(compiled.error);

  return compiled.regexp;
}

describe('compilePathRegexp (RE2 → JS)', () => {
  test('(?P<name>…) groups are readable by name', () => {
    const regexp = compile('\\/(?P<presetName>[a-z0-9_]+)\\/(?P<parent>[a-z0-9-\\.]+)');
    const groups = regexp.exec('/media/small/cat.jpg')?.groups;

    expect(groups).toEqual({ presetName: 'media', parent: 'small' });
  });

  test('matching is unanchored: first leftmost match', () => {
    expect(compile('(?P<id>[0-9]+)').exec('/a/123/456')?.groups?.['id']).toBe('123');
  });

  test('leading flag group becomes a JS flag', () => {
    expect(compile('(?i)^/(?P<x>abc)$').test('/ABC')).toBe(true);
  });

  test('flag U is reported', () => {
    expect(compilePathRegexp('(?U)a+').error).toContain('flag U');
  });

  test('\\A and \\z anchors', () => {
    const regexp = compile('\\A/a\\z');
    expect(regexp.test('/a')).toBe(true);
    expect(regexp.test('/a/b')).toBe(false);
  });

  test('POSIX classes and \\pL', () => {
    expect(compile('^/[[:alpha:]]+$').test('/abcXYZ')).toBe(true);
    expect(compile('^/[[:digit:]]+$').test('/abc')).toBe(false);
    expect(compile('^/\\pL+$').test('/żółw')).toBe(true);
  });

  test('\\Q…\\E literals', () => {
    expect(compile('^\\Q/a.b\\E$').test('/a.b')).toBe(true);
    expect(compile('^\\Q/a.b\\E$').test('/axb')).toBe(false);
  });

  test('escapes valid only without the u flag still compile', () => {
    expect(compile('^/a\\-b$').test('/a-b')).toBe(true);
  });

  test('an invalid pattern reports why', () => {
    expect(compilePathRegexp('(?P<x>[a-z').error).toContain('invalid regular expression');
  });
});
