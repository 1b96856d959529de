// `local-meta` storage (SPEC §8.3): files under rootPath whose metadata travels in a header
// inside the file itself, byte-compatible with Go Mort (see meta-header.ts).

import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { StorageDefinition } from './definition.ts';
import { storageFailure } from './errors.ts';
import { FileStorage, type FileFormat, type StoredHeader } from './file-storage.ts';
import { readAt } from './file-stream.ts';
import {
  decodeMetadata,
  encodeMetaHeader,
  HEADER_PREFIX_BYTES,
  MAX_METADATA_BYTES,
  metadataLength,
} from './meta-header.ts';
import { quoteEtag } from './metadata.ts';

const localMetaFormat: FileFormat = {
  kind: 'local-meta',
  readHeader,
  encodeHeader: encodeMetaHeader,
  // Weak: the validator follows the modification time, not the bytes (SPEC §8.3). The stored
  // `etag` metadata entry is ignored, as in the reference.
  etag: (stats: BigIntStats) =>
    quoteEtag(createHash('md5').update(stats.mtimeNs.toString()).digest('hex'), true),
  isLengthRequired: true,
  isEmptyWriteDirectory: true,
  isDeleteRecursive: true,
};

/** Creates a local-meta storage; `rootPath` is checked on each use, not here. */
export function createLocalMetaStorage(definition: StorageDefinition): FileStorage {
  return new FileStorage(definition, localMetaFormat);
}

// Plain files (no magic bytes) are served whole with no metadata.
async function readHeader(handle: FileHandle, fileSize: number): Promise<StoredHeader> {
  const length = metadataLength(await readAt(handle, 0, HEADER_PREFIX_BYTES));
  if (length === undefined) return { headerBytes: 0, stored: {} };

  const headerBytes = HEADER_PREFIX_BYTES + length;
  if (length > MAX_METADATA_BYTES || headerBytes > fileSize) {
    throw storageFailure('corrupt local-meta header');
  }

  try {
    const stored = decodeMetadata(await readAt(handle, HEADER_PREFIX_BYTES, length));
    return { headerBytes, stored };
  } catch (error) {
    throw storageFailure('corrupt local-meta header', error);
  }
}
