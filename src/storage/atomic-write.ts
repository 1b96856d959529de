// Crash-safe object writes: content goes to a temporary file in the target's directory, is
// fsync-ed, then renamed over the target. rename(2) within one directory is atomic, so
// readers see the old object or the new one, never a truncated file.

import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMortError } from '../errors.ts';
import { storageFailure } from './errors.ts';

const TEMP_SUFFIX = '.mort-tmp';

/** Temporary files are hidden from listings; a crash can leave one behind, never an object. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

export interface AtomicWrite {
  /** Written before the body, e.g. the local-meta header. */
  header?: Uint8Array;
  body: ReadableStream<Uint8Array> | Uint8Array;
  /** When set, a body of any other length fails the write and leaves nothing behind. */
  expectedLength?: number;
}

/** Writes `target` atomically, creating parent directories; returns the body length. */
export async function writeFileAtomically(target: string, write: AtomicWrite): Promise<number> {
  const directory = dirname(target);
  // The name does not repeat the target's: a key of 255 bytes must still get a temp file.
  const tempPath = join(directory, `.${randomUUID()}${TEMP_SUFFIX}`);

  await mkdir(directory, { recursive: true }).catch((error: unknown) => {
    throw storageFailure('cannot create parent directory', error);
  });

  const handle = await open(tempPath, 'wx', 0o644).catch((error: unknown) => {
    throw storageFailure('cannot create file', error);
  });

  try {
    if (write.header) await writeAll(handle, write.header);

    const bodyBytes = await writeBody(handle, write.body, write.expectedLength);
    if (write.expectedLength !== undefined && bodyBytes !== write.expectedLength) {
      throw storageFailure('body length does not match Content-Length');
    }

    await handle.sync();
    await handle.close();
    await rename(tempPath, target);
    await syncDirectory(directory);
    return bodyBytes;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw isMortError(error) ? error : storageFailure('write failed', error);
  }
}

async function writeBody(
  handle: FileHandle,
  body: ReadableStream<Uint8Array> | Uint8Array,
  expectedLength: number | undefined,
): Promise<number> {
  if (body instanceof Uint8Array) {
    await writeAll(handle, body);
    return body.length;
  }

  const reader = body.getReader();
  let written = 0;

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return written;

      written += value.length;
      // Stop reading a body that is already too long instead of filling the disk.
      if (expectedLength !== undefined && written > expectedLength) {
        throw storageFailure('body length does not match Content-Length');
      }

      await writeAll(handle, value);
    }
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
}

// write(2) may accept fewer bytes than offered; loop until everything is on its way.
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;

  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

// The rename is only durable once the directory entry is on disk too.
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (!handle) return;

  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
