// Writing one uploaded part to disk while computing its MD5. The caller only records the file
// once this resolved, so a body that failed (verification, disconnect, wrong length) leaves
// no part behind: its file is removed here.

import { createHash } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';

import { S3Error } from '../errors.ts';

export interface WrittenPart {
  readonly size: number;
  readonly md5Hex: string;
}

const incomplete = () => new S3Error('IncompleteBody', 400,
  'You did not provide the number of bytes specified by the Content-Length HTTP header.');

/** Writes `body` to the new file `path`; its length must equal `expectedLength`. */
export async function writePartFile(
  path: string,
  body: ReadableStream<Uint8Array> | Uint8Array,
  expectedLength: number,
): Promise<WrittenPart> {
  const hash = createHash('md5');
  const handle = await open(path, 'wx', 0o600);
  const source = body instanceof Uint8Array ? new Blob([body]).stream() : body;
  const reader = source.getReader();
  let size = 0;

  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.length;
      // Stop reading a body that is already too long instead of filling the disk.
      if (size > expectedLength) throw incomplete();

      hash.update(next.value);
      await writeAll(handle, next.value);
    }

    if (size !== expectedLength) throw incomplete();

    await handle.close();
    return { size, md5Hex: hash.digest('hex') };
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

// write(2) may accept fewer bytes than offered; loop until everything is on its way.
async function writeAll(
  handle: Awaited<ReturnType<typeof open>>,
  bytes: Uint8Array,
): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}
