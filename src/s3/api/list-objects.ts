// ListObjects (V1) and ListObjectsV2 (`list-type=2`) with S3 semantics (SPEC §7.5, §12.2,
// §12.7): keys relative to the bucket, a delimiter only when one is sent (also read from the
// reference's misspelled `delimeter`), real truncation with NextMarker / continuation tokens.

import type { ListResult } from '../../storage/index.ts';
import { S3Error } from './errors.ts';
import { xmlResponse } from './responses.ts';
import type { S3Request } from './request.ts';
import { isoDate, type XmlNode } from './xml.ts';

const DEFAULT_MAX_KEYS = 1000;

interface ListParams {
  readonly prefix: string;
  readonly delimiter: string;
  readonly maxKeys: number;
  readonly isUrlEncoded: boolean;
}

// Reference: an unparsable max-keys counts as 0 (SPEC §7.5); S3 never returns more than 1000.
function maxKeysOf(raw: string | null): number {
  if (raw === null) return DEFAULT_MAX_KEYS;

  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : 0;
  return Math.min(value, DEFAULT_MAX_KEYS);
}

function paramsOf(query: URLSearchParams): ListParams {
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url') {
    throw new S3Error('InvalidArgument', 400, 'Invalid Encoding Method specified in Request');
  }

  return {
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') ?? query.get('delimeter') ?? '',
    maxKeys: maxKeysOf(query.get('max-keys')),
    isUrlEncoded: encoding === 'url',
  };
}

// `encoding-type=url`: keys may hold characters XML 1.0 cannot carry. `/` stays readable and
// `%20` (not `+`) is used for spaces, which both unquote and unquote_plus decode correctly.
function encoder(params: ListParams): (text: string) => string {
  if (!params.isUrlEncoded) return (text) => text;

  return (text) => encodeURIComponent(text).replaceAll('%2F', '/');
}

function listPage(s3: S3Request, params: ListParams, marker: string): Promise<ListResult> {
  return s3.services.storages.basic(s3.bucket).list(s3.bucket, {
    prefix: params.prefix,
    delimiter: params.delimiter || undefined,
    marker: marker || undefined,
    maxKeys: params.maxKeys,
  });
}

function contentsOf(result: ListResult, encode: (text: string) => string): XmlNode[] {
  return result.entries.map((entry) => ({
    Key: encode(entry.key),
    LastModified: isoDate(entry.lastModified),
    // Listings carry S3's strong form even for weak storage validators; clients only echo it.
    ETag: `"${(entry.etag ?? '').replace(/^W\//, '').replaceAll('"', '')}"`,
    Size: entry.size,
    StorageClass: 'STANDARD',
  }));
}

function commonPrefixesOf(result: ListResult, encode: (text: string) => string): XmlNode[] {
  return result.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) }));
}

/** Elements both versions share, in S3's order. */
function head(s3: S3Request, params: ListParams, encode: (text: string) => string): XmlNode {
  return {
    Name: s3.bucket,
    Prefix: encode(params.prefix),
    ...(params.delimiter ? { Delimiter: encode(params.delimiter) } : {}),
    MaxKeys: params.maxKeys,
    ...(params.isUrlEncoded ? { EncodingType: 'url' } : {}),
  };
}

async function listV1(s3: S3Request, params: ListParams): Promise<XmlNode> {
  const encode = encoder(params);
  const marker = s3.url.searchParams.get('marker') ?? '';
  const result = await listPage(s3, params, marker);

  return {
    ...head(s3, params, encode),
    Marker: encode(marker),
    IsTruncated: result.isTruncated,
    ...(result.nextMarker ? { NextMarker: encode(result.nextMarker) } : {}),
    Contents: contentsOf(result, encode),
    CommonPrefixes: commonPrefixesOf(result, encode),
  };
}

// Continuation tokens are opaque to clients; ours is the next marker in base64url.
function decodeToken(token: string): string {
  const marker = Buffer.from(token, 'base64url').toString('utf8');
  if (Buffer.from(marker, 'utf8').toString('base64url') !== token) {
    throw new S3Error('InvalidArgument', 400, 'The continuation token provided is incorrect');
  }

  return marker;
}

async function listV2(s3: S3Request, params: ListParams): Promise<XmlNode> {
  const encode = encoder(params);
  const query = s3.url.searchParams;
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? '';
  const marker = token ? decodeToken(token) : startAfter;
  const result = await listPage(s3, params, marker);
  const next = result.isTruncated && result.nextMarker ? result.nextMarker : undefined;

  return {
    ...head(s3, params, encode),
    KeyCount: result.entries.length + result.commonPrefixes.length,
    ...(token ? { ContinuationToken: token } : {}),
    ...(startAfter ? { StartAfter: encode(startAfter) } : {}),
    IsTruncated: result.isTruncated,
    ...(next ? { NextContinuationToken: Buffer.from(next).toString('base64url') } : {}),
    Contents: contentsOf(result, encode),
    CommonPrefixes: commonPrefixesOf(result, encode),
  };
}

/** GET of the bucket root. */
export async function listObjects(s3: S3Request): Promise<Response> {
  const params = paramsOf(s3.url.searchParams);
  const isV2 = s3.url.searchParams.get('list-type') === '2';
  const content = isV2 ? await listV2(s3, params) : await listV1(s3, params);

  return xmlResponse(s3.requestId, 'ListBucketResult', content);
}
