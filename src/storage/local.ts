// `local` storage (SPEC §8.4): plain files under rootPath, no metadata kept, content type from
// the extension (or sniffed).

import type { BigIntStats } from 'node:fs';
import type { StorageDefinition } from './definition.ts';
import { FileStorage, type FileFormat } from './file-storage.ts';
import { quoteEtag } from './metadata.ts';

const plainFormat: FileFormat = {
  kind: 'local',
  readHeader: async () => ({ headerBytes: 0, stored: {} }),
  encodeHeader: () => undefined,
  // Quoted rendering of the mtime plus size (reference: raw, unquoted mtime text, SPEC §12.13);
  // strong because the file bytes are exactly what is served.
  etag: (stats: BigIntStats) =>
    quoteEtag(`${stats.mtimeNs.toString(16)}-${stats.size.toString(16)}`),
  isLengthRequired: false,
  isEmptyWriteDirectory: false,
  isDeleteRecursive: false,
};

/** Creates a local storage; `rootPath` is checked on each use, not here. */
export function createLocalStorage(definition: StorageDefinition): FileStorage {
  return new FileStorage(definition, plainFormat);
}
