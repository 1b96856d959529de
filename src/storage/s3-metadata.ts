// Metadata mapping between Mort and S3 (SPEC §7.7 for writes, §8.2 for reads): the standard
// content headers travel as S3 object fields, `x-amz-meta-k` as user metadata `k`.

import { contentTypeByExtension, DIRECTORY_CONTENT_TYPE } from './content-type.ts';
import { metadataForWrite, quoteEtag, responseHeaders } from './metadata.ts';
import type { ObjectMetadata } from './types.ts';

/** The PutObject / CreateMultipartUpload fields a write sets. */
export interface S3WriteFields {
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  /** Only valid for single-request uploads; multipart uploads drop it. */
  ContentMD5?: string;
  ACL?: string;
  StorageClass?: string;
  Tagging?: string;
  Metadata: Record<string, string>;
}

/** The HeadObject / GetObject output fields a read uses. */
export interface S3ObjectFields {
  ContentType?: string;
  ContentLength?: number;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  ETag?: string;
  LastModified?: Date;
  Metadata?: Record<string, string>;
}

const USER_METADATA_PREFIX = 'x-amz-meta-';

// Stored as S3 object fields, and copied back to response headers on reads.
const CONTENT_FIELDS = {
  'content-type': 'ContentType',
  'cache-control': 'CacheControl',
  'content-disposition': 'ContentDisposition',
  'content-encoding': 'ContentEncoding',
  'content-language': 'ContentLanguage',
} as const;

// Request headers that map to S3 features rather than metadata (SPEC §7.7).
const FEATURE_FIELDS = {
  'content-md5': 'ContentMD5',
  'x-amz-acl': 'ACL',
  'x-amz-storage-class': 'StorageClass',
  'x-amz-tagging': 'Tagging',
} as const;

// Signing and transport headers describe the upload request, not the object.
const NOT_METADATA = new Set([
  'etag',
  'content-length',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-security-token',
  'x-amz-user-agent',
  'x-amz-trailer',
  'x-amz-sdk-checksum-algorithm',
]);

// AWS stores this when a client sends no type; it says nothing about the content.
const UNKNOWN_TYPE = 'binary/octet-stream';

/**
 * S3 fields for a write: the storage's `headers` first, then the request metadata and content
 * type. `x-amz-meta-k` becomes user metadata `k`; other `x-amz-*` entries lose the prefix;
 * any remaining entry is kept as user metadata under its own name.
 */
export function s3WriteFields(
  storageHeaders: Record<string, string> | undefined,
  requestMetadata: Record<string, string> | undefined,
  contentType: string | undefined,
): S3WriteFields {
  const fields: S3WriteFields = { Metadata: {} };
  const merged = metadataForWrite(storageHeaders, requestMetadata, contentType);

  for (const [name, value] of Object.entries(merged)) {
    if (NOT_METADATA.has(name) || name.startsWith('x-amz-checksum-')) continue;

    const field = fieldOf(name);
    if (field) {
      fields[field] = value;
      continue;
    }

    fields.Metadata[userMetadataName(name)] = value;
  }

  return fields;
}

/** ObjectMetadata of an S3 object; `size` is the whole object's (not a range's) length. */
export function s3ObjectMetadata(
  fields: S3ObjectFields,
  s3Key: string,
  size: number | undefined,
): ObjectMetadata {
  const stored: Record<string, string> = {};

  for (const [name, field] of Object.entries(CONTENT_FIELDS)) {
    const value = fields[field];
    if (value) stored[name] = value;
  }

  for (const [name, value] of Object.entries(fields.Metadata ?? {})) {
    stored[`${USER_METADATA_PREFIX}${name.toLowerCase()}`] = value;
  }

  // SPEC §12.22: only `dir/` markers and application/directory objects are directories; an
  // empty file is an empty file.
  const isDirectory = s3Key.endsWith('/') || fields.ContentType === DIRECTORY_CONTENT_TYPE;

  return {
    size,
    contentType: isDirectory ? DIRECTORY_CONTENT_TYPE : contentTypeOf(fields.ContentType, s3Key),
    etag: fields.ETag ? normaliseEtag(fields.ETag) : undefined,
    lastModified: fields.LastModified ?? new Date(),
    isDirectory,
    stored,
  };
}

/** Response headers: the common set plus the content headers S3 keeps (SPEC §8.2). */
export function s3ResponseHeaders(metadata: ObjectMetadata): Record<string, string> {
  const headers = responseHeaders(metadata);

  for (const name of ['content-encoding', 'content-language', 'content-disposition']) {
    const value = metadata.stored[name];
    if (value) headers[name] = value;
  }

  return headers;
}

function fieldOf(name: string) {
  if (Object.hasOwn(CONTENT_FIELDS, name)) {
    return CONTENT_FIELDS[name as keyof typeof CONTENT_FIELDS];
  }

  if (Object.hasOwn(FEATURE_FIELDS, name)) {
    return FEATURE_FIELDS[name as keyof typeof FEATURE_FIELDS];
  }

  return undefined;
}

function userMetadataName(name: string): string {
  if (name.startsWith(USER_METADATA_PREFIX)) return name.slice(USER_METADATA_PREFIX.length);
  if (name.startsWith('x-amz-')) return name.slice('x-amz-'.length);

  return name;
}

function contentTypeOf(stored: string | undefined, s3Key: string): string {
  if (stored && stored !== UNKNOWN_TYPE) return stored;

  return contentTypeByExtension(s3Key) ?? 'application/octet-stream';
}

// S3 sends quoted ETags; some compatible stores do not (the reference strips them, §12.13).
function normaliseEtag(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/') ? etag : quoteEtag(etag);
}
