// The local-meta file header (SPEC §8.3), byte-compatible with files written by Go Mort:
//   bytes 0..2 : 0x12 0x34 0x01            magic + version 1
//   bytes 3..6 : uint32 little-endian N     length of the metadata
//   bytes 7..  : N bytes MessagePack map<string,string>
//   then       : object content

import { decodeStringMap, encodeStringMap } from './msgpack.ts';

export const HEADER_PREFIX_BYTES = 7;

/** Refuse absurd lengths so a corrupt header cannot make us allocate gigabytes. */
export const MAX_METADATA_BYTES = 1 << 20;

const MAGIC_FIRST = 0x12;
const MAGIC_SECOND = 0x34;
const VERSION = 0x01;

/** Builds the header that precedes the content of a written file. */
export function encodeMetaHeader(metadata: Record<string, string>): Uint8Array {
  const packed = encodeStringMap(metadata);
  const header = new Uint8Array(HEADER_PREFIX_BYTES + packed.length);

  header.set([MAGIC_FIRST, MAGIC_SECOND, VERSION]);
  new DataView(header.buffer).setUint32(3, packed.length, true);
  header.set(packed, HEADER_PREFIX_BYTES);
  return header;
}

/**
 * Reading rule of the spec: a header is present when byte 0 is 0x12 and byte 2 is 0x01
 * (byte 1 is not checked). Returns the metadata length N, or undefined for plain files.
 */
export function metadataLength(prefix: Uint8Array): number | undefined {
  if (prefix.length < HEADER_PREFIX_BYTES) return undefined;
  if (prefix[0] !== MAGIC_FIRST || prefix[2] !== VERSION) return undefined;

  return new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(3, true);
}

/** Metadata of a header body, names lower-cased so lookups need not care. */
export function decodeMetadata(packed: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};

  for (const [name, value] of Object.entries(decodeStringMap(packed))) {
    metadata[name.toLowerCase()] = value;
  }

  return metadata;
}
