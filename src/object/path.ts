// Request path → bucket and key (SPEC §4.1), plus the checks that keep every key inside its
// bucket. Traversal attempts are answered 400 (a malformed request), like every other
// resolution error, rather than 404: nothing was looked up.

import { MortError } from '../errors.ts';

const invalidPath = () => new MortError('bad_request', 'invalid path');

// An encoded slash would split a key differently after decoding than the client and any proxy
// in front of us saw it; an encoded backslash or NUL has no legitimate use in a key.
const FORBIDDEN_ESCAPE = /%(?:2f|5c|00)/i;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const ESCAPE = /(%[0-9a-fA-F]{2})/;
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Rejects NUL, backslashes and `.`/`..` segments anywhere in a decoded path or key. */
export function assertSafePath(path: string): void {
  if (path.includes('\0') || path.includes('\\')) throw invalidPath();

  for (const segment of path.split('/')) {
    if (segment === '.' || segment === '..') throw invalidPath();
  }
}

/**
 * Percent-decodes a URL path (`+` stays `+`, unlike queries) and checks it is safe. A bad
 * escape or invalid UTF-8 is a 400, as the reference's URL parser refuses such paths.
 */
export function decodeRequestPath(rawPath: string): string {
  if (FORBIDDEN_ESCAPE.test(rawPath) || BAD_ESCAPE.test(rawPath)) throw invalidPath();

  let decoded = rawPath;
  if (rawPath.includes('%')) {
    const bytes: number[] = [];
    for (const part of rawPath.split(ESCAPE)) {
      if (ESCAPE.test(part)) bytes.push(Number.parseInt(part.slice(1), 16));
      else bytes.push(...encoder.encode(part));
    }
    try {
      decoded = strictUtf8.decode(new Uint8Array(bytes));
    } catch {
      throw invalidPath();
    }
  }

  assertSafePath(decoded);
  return decoded;
}

/** Bucket and key of a decoded path: `/img/a/b.jpg` → `img`, `/a/b.jpg`; `/img` → key `""`. */
export function splitPath(path: string): { bucket: string; key: string } {
  if (!path.startsWith('/')) throw invalidPath();

  const rest = path.slice(1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest, key: '' };
  return { bucket: rest.slice(0, slash), key: rest.slice(slash) };
}

/** Go's path.Clean: collapse `//`, resolve `.` and `..`, drop a trailing `/`. */
export function cleanPath(path: string): string {
  if (path === '') return '.';

  const isRooted = path.startsWith('/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.length > 0 && segments.at(-1) !== '..') segments.pop();
    else if (!isRooted) segments.push('..');
  }

  const joined = segments.join('/');
  if (isRooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's path.Join: empty elements are skipped, the result is cleaned; all empty → `""`. */
export function pathJoin(...elements: string[]): string {
  const present = elements.filter((element) => element !== '');
  return present.length === 0 ? '' : cleanPath(present.join('/'));
}
