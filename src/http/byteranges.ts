// 206 Partial Content responses (RFC 9110 §14.3, §15.3.7): one range as a plain body, several
// as multipart/byteranges laid out like Go's mime/multipart writer. Content-Length is exact in
// both cases, so the length of the multipart framing is computed before anything is read.

import { type BodyPiece, concatPieces, exactLength } from './body-stream.ts';
import { type ByteSpan, type RangeableBody, rangesLength, type SliceBody } from './range.ts';

const encoder = new TextEncoder();

/**
 * Builds the 206 for satisfiable `ranges` of `body`, keeping the headers of `response` (whose
 * own body the caller discards). HEAD gets the same headers and no body, and opens no slice.
 */
export function partialResponse(
  response: Response,
  body: RangeableBody,
  ranges: readonly ByteSpan[],
  isHead: boolean,
): Response {
  const headers = new Headers(response.headers);
  const [only] = ranges;
  let pieces: BodyPiece[];

  if (ranges.length === 1 && only) {
    headers.set('content-range', contentRange(only, body.size));
    pieces = [() => openSlice(body, only)];
  } else {
    const boundary = crypto.randomUUID().replaceAll('-', '');
    const partType = headers.get('content-type') ?? 'application/octet-stream';
    headers.set('content-type', `multipart/byteranges; boundary=${boundary}`);
    pieces = multipartPieces(body, ranges, boundary, partType);
  }

  headers.set('content-length', String(piecesLength(pieces, ranges)));
  return new Response(isHead ? null : bodyOf(pieces), { status: 206, headers });
}

/** `Content-Range` of a satisfied range. */
export function contentRange(range: ByteSpan, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

function multipartPieces(
  body: RangeableBody,
  ranges: readonly ByteSpan[],
  boundary: string,
  partType: string,
): BodyPiece[] {
  const pieces: BodyPiece[] = [];

  ranges.forEach((range, index) => {
    const separator = index === 0 ? '' : '\r\n';
    const head =
      `${separator}--${boundary}\r\n` +
      `Content-Range: ${contentRange(range, body.size)}\r\n` +
      `Content-Type: ${partType}\r\n\r\n`;
    pieces.push(encoder.encode(head), () => openSlice(body, range));
  });
  pieces.push(encoder.encode(`\r\n--${boundary}--\r\n`));

  return pieces;
}

// Framing pieces are byte arrays; every lazy piece is one range, in order.
function piecesLength(pieces: readonly BodyPiece[], ranges: readonly ByteSpan[]): number {
  const framing = pieces.reduce(
    (sum, piece) => sum + (piece instanceof Uint8Array ? piece.length : 0),
    0,
  );

  return framing + rangesLength(ranges);
}

function openSlice(body: RangeableBody, range: ByteSpan): SliceBody {
  const length = range.end - range.start + 1;
  const slice = body.slice(range.start, range.end);
  if (slice instanceof ReadableStream) return exactLength(slice, length);

  const actual = slice instanceof Blob ? slice.size : slice.length;
  if (actual !== length) throw new Error(`slice returned ${actual} of ${length} bytes`);

  return slice;
}

// A single range is handed to Bun as is: bytes and Blobs then go out with Content-Length.
function bodyOf(pieces: readonly BodyPiece[]): SliceBody {
  const [first] = pieces;
  if (pieces.length === 1 && typeof first === 'function') return first();

  return concatPieces(pieces);
}
