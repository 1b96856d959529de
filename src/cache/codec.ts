// Binary form of a cached response in Redis. Not byte-compatible with the reference's
// MessagePack sequence, hence our own key prefix (SPEC §6.8).
//
//   offset 0   u8      format version (1)
//   offset 1   u16 BE  HTTP status
//   offset 3   u32 BE  length n of the header block
//   offset 7   n bytes header block: UTF-8 JSON array of [name, value] pairs
//   offset 7+n         body, raw bytes to the end

import type { CachedResponse } from './types.ts';

const VERSION = 1;
const FIXED_BYTES = 7;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One buffer holding the whole entry; the body is copied into it once. */
export function encodeResponse(value: CachedResponse): Buffer {
  const headerBytes = encoder.encode(JSON.stringify(value.headers));
  const out = Buffer.allocUnsafe(FIXED_BYTES + headerBytes.length + value.body.length);

  out.writeUInt8(VERSION, 0);
  out.writeUInt16BE(value.status, 1);
  out.writeUInt32BE(headerBytes.length, 3);
  out.set(headerBytes, FIXED_BYTES);
  out.set(value.body, FIXED_BYTES + headerBytes.length);

  return out;
}

/**
 * The response in `raw`, or undefined when it is not a valid entry of this version. The body is
 * a view into `raw`, not a copy.
 */
export function decodeResponse(raw: Uint8Array): CachedResponse | undefined {
  if (raw.length < FIXED_BYTES || raw[0] !== VERSION) return undefined;

  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const status = view.getUint16(1);
  const headerEnd = FIXED_BYTES + view.getUint32(3);
  if (headerEnd > raw.length) return undefined;

  let headers: unknown;
  try {
    headers = JSON.parse(decoder.decode(raw.subarray(FIXED_BYTES, headerEnd)));
  } catch {
    return undefined;
  }
  if (!isHeaderList(headers)) return undefined;

  return { status, headers, body: raw.subarray(headerEnd) };
}

function isHeaderList(value: unknown): value is [string, string][] {
  return Array.isArray(value) && value.every((pair) =>
    Array.isArray(pair) && pair.length === 2 &&
    typeof pair[0] === 'string' && typeof pair[1] === 'string');
}
