// Path watermark sources: local files for presets, bucket storage for request sources. Both get
// the same size cap and deadline as URLs, so a huge or slow source can't stall a render.

import { stat } from 'node:fs/promises';
import type { Deadline } from './deadline.ts';
import { errorCode, fetchFailed, sourceNotAllowed, sourceTooLarge } from './errors.ts';
import { readLimited } from './read-limited.ts';

/** Reads a relative path from the bucket's storage. */
export type ReadRelative = (path: string) => Promise<Uint8Array>;

/** Reads a local file named by a preset; relative paths resolve against the working directory. */
export async function readLocalFile(
  path: string,
  maxBytes: number,
  deadline: Deadline,
): Promise<Uint8Array> {
  const info = await deadline.race(stat(path)).catch((err: unknown) => {
    if (deadline.signal.aborted) throw err;

    throw fetchFailed(`file ${path}: ${errorCode(err)}`);
  });
  if (!info.isFile()) throw fetchFailed(`file ${path}: not a regular file`);
  if (info.size > maxBytes) throw sourceTooLarge(`file ${path} has ${info.size} bytes`);

  // The size is re-checked while reading: the file may grow between stat and read.
  return readLimited(Bun.file(path).stream(), maxBytes, deadline.signal);
}

/**
 * Reads a request-supplied relative path through the caller's storage reader. Storage errors
 * (404 included) become 'could not be fetched': SPEC §5.4 item 3 makes every fetch failure a 400.
 */
export async function readRelativeSource(
  path: string,
  readRelative: ReadRelative | undefined,
  maxBytes: number,
  deadline: Deadline,
): Promise<Uint8Array> {
  if (!readRelative) throw sourceNotAllowed('relative path but no storage reader');

  const bytes = await deadline.race(readRelative(path)).catch((err: unknown) => {
    if (deadline.signal.aborted) throw err;

    throw fetchFailed(`storage read of ${path}: ${storageError(err)}`);
  });
  if (bytes.byteLength > maxBytes) throw sourceTooLarge(`${path} has ${bytes.byteLength} bytes`);

  return bytes;
}

function storageError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
}
