// Parsing of the Range request header against a body of known size (RFC 9110 §14.1.2,
// SPEC §6.14). Choosing the response (206, 416 or a full 200) is conditional.ts's job.

/**
 * What a slice may be. Bun.serve sends Content-Length only for bytes and Blobs (a
 * `Bun.file(path).slice(...)` goes out with sendfile); for a ReadableStream Bun 1.4 drops the
 * header and sends the body chunked.
 */
export type SliceBody = ReadableStream<Uint8Array> | Uint8Array | Blob;

/**
 * A body that can be read at arbitrary offsets. `slice` must acquire its own resources (a
 * storage range GET, a file slice) and release them when the returned stream ends or is
 * cancelled; it is called lazily, at most once per served range.
 */
export interface RangeableBody {
  /** Total size in bytes. */
  readonly size: number;
  /** Bytes `start..endInclusive`; a stream must yield exactly that many bytes. */
  slice(start: number, endInclusive: number): SliceBody;
}

/** A satisfiable range, `start <= end < size`, both inclusive. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}

/** Outcome of parsing: the satisfiable ranges in request order, or why there are none. */
export type RangeParse =
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteSpan[] }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'unsatisfiable' };

/** A RangeableBody over bytes already in memory (rendered images, cached bodies). */
export function bytesRangeable(bytes: Uint8Array): RangeableBody {
  return {
    size: bytes.length,
    slice: (start, endInclusive) => bytes.subarray(start, endInclusive + 1),
  };
}

/**
 * Parses `bytes=` range sets. Unsatisfiable ranges are dropped; only when none is left is the
 * result `unsatisfiable`. Any syntax error makes the whole header `invalid`, as in Go's
 * ServeContent, which the reference uses.
 */
export function parseRange(header: string, size: number): RangeParse {
  const prefix = /^\s*bytes\s*=/i.exec(header);
  if (!prefix) return { kind: 'invalid' };

  const ranges: ByteSpan[] = [];
  let elementCount = 0;

  for (const rawElement of header.slice(prefix[0].length).split(',')) {
    const element = rawElement.trim();
    if (element === '') continue;

    elementCount += 1;
    const match = /^(\d*)\s*-\s*(\d*)$/.exec(element);
    if (!match) return { kind: 'invalid' };

    const [, first = '', last = ''] = match;
    const span = first === '' ? suffixSpan(last, size) : boundedSpan(first, last, size);
    if (span === 'invalid') return { kind: 'invalid' };
    if (span) ranges.push(span);
  }

  if (elementCount === 0) return { kind: 'invalid' };

  return ranges.length > 0 ? { kind: 'ranges', ranges } : { kind: 'unsatisfiable' };
}

/** Total bytes the ranges select, overlaps counted twice. */
export function rangesLength(ranges: readonly ByteSpan[]): number {
  return ranges.reduce((sum, range) => sum + range.end - range.start + 1, 0);
}

// `-N`: the last N bytes. `-0`, or any suffix of an empty body, selects nothing (RFC 9110
// §14.1.3); Go instead produced a zero-length 206 there.
function suffixSpan(last: string, size: number): ByteSpan | undefined | 'invalid' {
  if (last === '') return 'invalid';

  const length = Number(last);
  if (length === 0 || size === 0) return undefined;

  return { start: Math.max(size - length, 0), end: size - 1 };
}

// `N-` and `N-M`. Digit strings beyond 2^53 become huge numbers, which behave like the
// arbitrarily large values RFC 9110 asks for: a start past the end, an end clamped to it.
function boundedSpan(first: string, last: string, size: number): ByteSpan | undefined | 'invalid' {
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return 'invalid';
  if (start >= size) return undefined;

  return { start, end: Math.min(end, size - 1) };
}
