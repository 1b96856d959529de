// Query-string decoding and number parsing with the reference server's rules (Go's
// url.ParseQuery and strconv), so the same URL yields the same operations and hash here.

/** Decoded query: name → values in order of appearance. */
export type QueryValues = ReadonlyMap<string, readonly string[]>;

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const ESCAPE = /(%[0-9a-fA-F]{2})/;

/** Form-style unescape (`+` is a space); undefined for a bad `%` escape, as Go rejects. */
function unescapeFormValue(text: string): string | undefined {
  if (!text.includes('%')) return text.replaceAll('+', ' ');
  if (BAD_ESCAPE.test(text)) return undefined;

  // Escapes are bytes, not code points: `%C3%A9` is one character.
  const bytes: number[] = [];
  for (const part of text.replaceAll('+', ' ').split(ESCAPE)) {
    if (ESCAPE.test(part)) bytes.push(Number.parseInt(part.slice(1), 16));
    else bytes.push(...encoder.encode(part));
  }
  return decoder.decode(new Uint8Array(bytes));
}

/**
 * Parses a raw query string (with or without its leading `?`). Pairs that contain `;` or a bad
 * percent-escape are skipped, as are empty pairs (SPEC §3).
 */
export function parseFormQuery(search: string): QueryValues {
  const values = new Map<string, string[]>();
  const raw = search.startsWith('?') ? search.slice(1) : search;

  for (const pair of raw.split('&')) {
    if (pair === '' || pair.includes(';')) continue;

    const eq = pair.indexOf('=');
    const name = unescapeFormValue(eq < 0 ? pair : pair.slice(0, eq));
    const value = unescapeFormValue(eq < 0 ? '' : pair.slice(eq + 1));
    if (name === undefined || value === undefined) continue;

    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  return values;
}

/** First value of a parameter (the reference's `Get`), or undefined when absent. */
export function firstValue(query: QueryValues, name: string): string | undefined {
  return query.get(name)?.[0];
}

const INT_PATTERN = /^[+-]?[0-9]+$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Base-10 32-bit integer as strconv.ParseInt(s, 10, 32); undefined when it would fail. */
export function parseInt32(text: string): number | undefined {
  if (!INT_PATTERN.test(text)) return undefined;

  const value = Number(text);
  return value >= INT32_MIN && value <= INT32_MAX ? value : undefined;
}

const FLOAT_PATTERN = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/**
 * Decimal float rounded to single precision (strconv.ParseFloat(s, 32)); undefined when it
 * does not parse or overflows. Go's inf/nan/hex spellings are not accepted: none is a valid
 * parameter value anyway.
 */
export function parseFloat32(text: string): number | undefined {
  if (!FLOAT_PATTERN.test(text)) return undefined;

  const value = Math.fround(Number(text));
  return Number.isFinite(value) ? value : undefined;
}
