// Streaming part of an open file. Reading through the handle that was stat-ed (instead of
// reopening the path) keeps size, header and content consistent even when an atomic write
// replaces the file meanwhile.

import type { FileHandle } from 'node:fs/promises';
import { storageFailure } from './errors.ts';

const CHUNK_BYTES = 64 * 1024;

/** Streams bytes `start..endExclusive` of the file, then closes the handle. */
export function fileRangeStream(
  handle: FileHandle,
  start: number,
  endExclusive: number,
): ReadableStream<Uint8Array> {
  let position = start;
  let isClosed = false;

  const close = async () => {
    if (isClosed) return;

    isClosed = true;
    await handle.close().catch(() => undefined);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const remaining = endExclusive - position;
        if (remaining <= 0) {
          await close();
          controller.close();
          return;
        }

        try {
          const buffer = new Uint8Array(Math.min(CHUNK_BYTES, remaining));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) throw new Error('file shrank while streaming');

          position += bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (error) {
          await close();
          controller.error(storageFailure('read failed', error));
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/** Reads up to `length` bytes at `position`; fewer when the file is shorter. */
export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;

  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;

    filled += bytesRead;
  }

  return buffer.subarray(0, filled);
}
