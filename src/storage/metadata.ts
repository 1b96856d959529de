// Turning object metadata into response headers (SPEC §8.2, §7.9) and small helpers shared by
// the adapters for metadata maps and entity tags.

import type { ObjectMetadata } from './types.ts';

/** Response headers for an object, names lower-cased; content-length only when known. */
export function responseHeaders(metadata: ObjectMetadata): Record<string, string> {
  const headers: Record<string, string> = {};

  // Copied first so the fixed headers below win over stored entries of the same name.
  for (const [name, value] of Object.entries(metadata.stored)) {
    if (name === 'cache-control' || name.startsWith('x-')) headers[name] = value;
  }

  headers['content-type'] = metadata.contentType;
  headers['last-modified'] = metadata.lastModified.toUTCString();
  if (metadata.etag !== undefined) headers['etag'] = metadata.etag;
  if (metadata.size !== undefined) headers['content-length'] = String(metadata.size);
  return headers;
}

/** Metadata to store on a write: storage `headers` first, then the request's (SPEC §7.7). */
export function metadataForWrite(
  storageHeaders: Record<string, string> | undefined,
  requestMetadata: Record<string, string> | undefined,
  contentType: string | undefined,
): Record<string, string> {
  const stored = { ...lowerCaseNames(storageHeaders), ...lowerCaseNames(requestMetadata) };

  if (contentType) stored['content-type'] = contentType;
  return stored;
}

/** Copy of a header-like map with lower-cased names. */
export function lowerCaseNames(
  entries: Record<string, string> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};

  for (const [name, value] of Object.entries(entries ?? {})) result[name.toLowerCase()] = value;
  return result;
}

/** `"tag"`, or `W/"tag"` for weak validators. */
export function quoteEtag(tag: string, isWeak = false): string {
  return `${isWeak ? 'W/' : ''}"${tag}"`;
}

/** The opaque part of an ETag: drops `W/` and surrounding quotes. */
export function bareEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
