// Canonical forms shared by the V4 signer: URI encoding, path, query and header values
// (AWS SigV4 "Create a canonical request").

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const textEncoder = new TextEncoder();

/** AWS `UriEncode`: every byte outside `A-Za-z0-9-._~` becomes `%XX` (upper-case hex). */
export function uriEncode(text: string): string {
  let out = '';

  for (const char of text) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }

    for (const byte of textEncoder.encode(char)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }

  return out;
}

/** `decodeURIComponent` that keeps the text as it is when it is not valid percent-encoding. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Canonical URI candidates for S3 (single encoding, no dot-segment normalisation).
 *
 * S3 clients sign the path exactly as they put it on the wire, but they disagree on which
 * characters they escape (`(`, `!`, `'`, `*`…), and the URL parser may have re-escaped some.
 * AWS answers this by decoding each segment and encoding it again with `UriEncode`; we try that
 * first, then the raw path, so both strict and lax clients verify. Both come from the request,
 * so offering two does not weaken the check.
 */
export function canonicalPaths(rawPath: string): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  const normalised = path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');

  return normalised === path ? [path] : [normalised, path];
}

/** Decodes one query component the way Go's `url.ParseQuery` does (`+` is a space). */
function decodeQueryComponent(text: string): string {
  return safeDecode(text.replaceAll('+', ' '));
}

/** The query as decoded `[name, value]` pairs in request order (`?a&b=` → `a=""`, `b=""`). */
export function parseQuery(search: string): [string, string][] {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const pairs: [string, string][] = [];

  for (const part of query.split('&')) {
    if (part === '') continue;

    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeQueryComponent(name), decodeQueryComponent(value)]);
  }

  return pairs;
}

/**
 * Canonical query string: names and values `UriEncode`d (spaces as `%20`), sorted by name then
 * value, `name=value` joined by `&`. `omit` drops a parameter (`X-Amz-Signature` when presigned).
 */
export function canonicalQuery(pairs: readonly [string, string][], omit?: string): string {
  const encoded: [string, string][] = [];

  for (const [name, value] of pairs) {
    if (name === omit) continue;
    encoded.push([uriEncode(name), uriEncode(value)]);
  }

  // Code-unit order equals byte order here because every encoded character is ASCII.
  encoded.sort(([an, av], [bn, bv]) => compareAscii(an, bn) || compareAscii(av, bv));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

function compareAscii(a: string, b: string): number {
  if (a === b) return 0;

  return a < b ? -1 : 1;
}

/** Canonical header value: trimmed, each run of blanks or newlines → one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}
