import { describe, expect, test } from 'bun:test';
import { isAllowedHost } from '../../src/fetch/allow-list.ts';

const allowed = (url: string, allow: string[]) => isAllowedHost(new URL(url), allow);

describe('isAllowedHost', () => {
  test('a bare host allows every port', () => {
    expect(allowed('http://127.0.0.1:8080/a.png', ['127.0.0.1'])).toBe(true);
    expect(allowed('https://cdn.internal/a.png', ['cdn.internal'])).toBe(true);
  });

  test('host:port allows only that port, with scheme default ports', () => {
    expect(allowed('http://127.0.0.1:8080/a', ['127.0.0.1:8080'])).toBe(true);
    expect(allowed('http://127.0.0.1:8081/a', ['127.0.0.1:8080'])).toBe(false);
    expect(allowed('http://cdn.internal/a', ['cdn.internal:80'])).toBe(true);
    expect(allowed('https://cdn.internal/a', ['cdn.internal:80'])).toBe(false);
    expect(allowed('https://cdn.internal/a', ['cdn.internal:443'])).toBe(true);
  });

  test('matches case-insensitively and after URL normalisation', () => {
    expect(allowed('http://CDN.Internal/a', ['cdn.INTERNAL'])).toBe(true);
    expect(allowed('http://0x7f.1/a', ['127.0.0.1'])).toBe(true);
  });

  test('accepts IPv6 entries with and without brackets', () => {
    expect(allowed('http://[::1]:9000/a', ['::1'])).toBe(true);
    expect(allowed('http://[::1]:9000/a', ['[::1]:9000'])).toBe(true);
    expect(allowed('http://[::1]:9001/a', ['[::1]:9000'])).toBe(false);
    expect(allowed('http://[::1]/a', ['0:0::1'])).toBe(true);
  });

  test('never matches a different host or a suffix', () => {
    expect(allowed('http://evil.cdn.internal/a', ['cdn.internal'])).toBe(false);
    expect(allowed('http://10.0.0.1/a', ['127.0.0.1'])).toBe(false);
    expect(allowed('http://127.0.0.1/a', [])).toBe(false);
  });

  test('ignores malformed entries', () => {
    const malformed = ['127.0.0.1/path', 'user@127.0.0.1', 'http://x:y:z'];

    expect(allowed('http://127.0.0.1/a', malformed)).toBe(false);
  });
});
