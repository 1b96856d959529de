// Clamping a requested byte range to an object's size (SPEC §6.14). Parsing the Range header
// and choosing between 206, 416 and 200 is the HTTP layer's job; this only serves one range.

import { MortError } from '../errors.ts';
import type { ByteRange } from './types.ts';

/** A range that fits the object: `start <= end < size`. */
export interface SatisfiedRange {
  start: number;
  end: number;
  size: number;
}

/** Clamps `end` to the last byte; throws `range_not_satisfiable` when nothing is left. */
export function satisfyRange(range: ByteRange, size: number): SatisfiedRange {
  const isWellFormed =
    Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0;

  if (!isWellFormed || range.end < range.start) {
    throw new MortError('bad_request', 'invalid byte range');
  }

  if (range.start >= size) {
    throw new MortError('range_not_satisfiable', 'range not satisfiable', {
      detail: `bytes */${size}`,
    });
  }

  return { start: range.start, end: Math.min(range.end, size - 1), size };
}

/** `Content-Range` value; `*` stands for an unknown total size (RFC 9110 §14.4). */
export function contentRange(start: number, end: number, size: number | undefined): string {
  return `bytes ${start}-${end}/${size ?? '*'}`;
}

/** Keeps only bytes `start..end` (inclusive) of a stream, for backends that ignore ranges. */
export function sliceStream(
  source: ReadableStream<Uint8Array>,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let position = 0;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || position > end) {
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }

        const chunkStart = position;
        position += value.length;

        const from = Math.max(start - chunkStart, 0);
        const to = Math.min(end + 1 - chunkStart, value.length);
        if (from < to) {
          controller.enqueue(value.subarray(from, to));
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
