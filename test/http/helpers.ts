// Shared helpers for the range/conditional and compress tests.

import type { RangeableBody } from '../../src/http/range.ts';

/** A stream over `bytes` in small chunks that records whether it was cancelled. */
export function trackedStream(bytes: Uint8Array, chunkBytes = 7) {
  const state = { isCancelled: false, isFinished: false };
  let offset = 0;

  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        state.isFinished = true;
        controller.close();
        return;
      }

      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
    cancel() {
      state.isCancelled = true;
    },
  });

  return { stream, state };
}

/** Open/closed stream counters, to prove no stream leaks. */
export interface StreamCounts {
  opened: number;
  closed: number;
}

/**
 * A file-backed RangeableBody. `stream` slices are counted in `counts`; `blob` slices are
 * Bun.file slices, which Bun.serve sends with sendfile and Content-Length.
 */
export function fileRangeable(
  path: string,
  size: number,
  counts: StreamCounts,
  mode: 'stream' | 'blob' = 'stream',
) {
  const body: RangeableBody = {
    size,
    slice(start, endInclusive) {
      if (mode === 'blob') return Bun.file(path).slice(start, endInclusive + 1);

      counts.opened += 1;
      const source = Bun.file(path).slice(start, endInclusive + 1).stream();
      const reader = source.getReader();
      let isClosed = false;
      const close = () => {
        if (isClosed) return;

        isClosed = true;
        counts.closed += 1;
      };

      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            close();
            controller.close();
            return;
          }

          controller.enqueue(value);
        },
        async cancel(reason) {
          close();
          await reader.cancel(reason);
        },
      });
    },
  };

  return body;
}

/** Deterministic non-uniform bytes, so a slice taken at the wrong offset shows. */
export function patternBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + (i >> 8)) & 0xff;

  return bytes;
}

/** One part of a multipart/byteranges body. */
export interface BytePart {
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** Splits a multipart/byteranges body into parts (RFC 2046 framing, CRLF line ends). */
export function parseByteranges(body: Uint8Array, contentType: string): BytePart[] {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);

  const text = Buffer.from(body).toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: BytePart[] = [];
  const closing = text.indexOf(`\r\n${delimiter}--\r\n`);
  if (closing < 0 || !text.endsWith(`${delimiter}--\r\n`)) throw new Error('no closing delimiter');

  const sections = text.slice(0, closing).split(`\r\n${delimiter}\r\n`);
  const first = sections.shift() ?? '';
  if (!first.startsWith(`${delimiter}\r\n`)) throw new Error('no opening delimiter');
  sections.unshift(first.slice(delimiter.length + 2));

  for (const section of sections) {
    const headerEnd = section.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of section.slice(0, headerEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }

    parts.push({ headers, body: Buffer.from(section.slice(headerEnd + 4), 'latin1') });
  }

  return parts;
}

/** Runs curl and returns its stdout bytes; `-i` style output is left to the caller. */
export async function curl(args: readonly string[]): Promise<Uint8Array> {
  const child = Bun.spawn(['curl', '-sS', ...args], { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).bytes(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`curl exited ${code}: ${err}`);

  return out;
}
