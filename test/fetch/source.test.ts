import { describe, expect, test } from 'bun:test';
import { isMortError } from '../../src/errors.ts';
import { classifySource } from '../../src/fetch/source.ts';

function refusal(source: string): string | undefined {
  try {
    classifySource(source, true);
    return undefined;
  } catch (err) {
    return isMortError(err) ? `${err.status} ${err.message}` : String(err);
  }
}

describe('classifySource', () => {
  test('http and https sources are URLs from either origin', () => {
    expect(classifySource('https://cdn.example/w.png', true)).toMatchObject({ kind: 'url' });
    expect(classifySource('HTTP://cdn.example/w.png', false)).toMatchObject({ kind: 'url' });
  });

  test('preset paths are local files, absolute or relative', () => {
    expect(classifySource('/srv/wm.png', false)).toEqual({ kind: 'file', path: '/srv/wm.png' });
    expect(classifySource('wm/logo.png', false)).toEqual({ kind: 'file', path: 'wm/logo.png' });
  });

  test('request paths are relative to the bucket', () => {
    expect(classifySource('wm/logo.png', true)).toEqual({ kind: 'relative', path: 'wm/logo.png' });
  });

  test.each([
    '/etc/passwd',
    '\\\\server\\share\\x.png',
    '//evil.example/x.png',
    'file:///etc/passwd',
    'data:image/png;base64,AAAA',
    'ftp://example.com/x.png',
    '../other-bucket/x.png',
    'a/../../x.png',
    'a\\..\\x.png',
    'x\0.png',
    '',
  ])('refuses request source %p', (source) => {
    expect(refusal(source)).toBe('400 watermark source not allowed');
  });
});
