// PUT and DELETE of objects (SPEC §7.7, §7.8). Only reached once the request is authorised;
// the S3 API (src/s3/api/) calls the building blocks below with the verified body.
import { MortError } from '../errors.ts';
import type { MortObject } from '../object/index.ts';
import type { PutResult } from '../storage/index.ts';
import type { RequestContext, Services } from './context.ts';
import { locationOf } from './storages.ts';

/** A body to store and its announced length. */
export interface WriteBody {
  body: ReadableStream<Uint8Array> | Uint8Array;
  contentLength: number | undefined;
}

/** What is stored next to the content. */
export interface WriteMetadata {
  contentType: string | undefined;
  /** Lower-case names, e.g. `x-amz-meta-*` (see `requestMetadata`). */
  metadata: Record<string, string>;
}

// Transport and signing headers describe the request, not the object.
const TRANSIENT_AMZ_HEADERS = new Set([
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-security-token',
  'x-amz-user-agent',
  'x-amz-metadata-directive',
  'x-amz-expected-bucket-owner',
  'x-amz-request-payer',
]);

function isTransient(name: string): boolean {
  return TRANSIENT_AMZ_HEADERS.has(name) || name.startsWith('x-amz-checksum-') ||
    name.startsWith('x-amz-copy-source');
}

/**
 * Metadata kept from request headers (SPEC §7.7): `etag` and `x-amz-meta-*` everywhere; for
 * `s3` storages also `content-md5`, `content-disposition` and the other object-describing
 * `x-amz-*` headers, which the adapter maps to S3 features or user metadata.
 */
export function requestMetadata(headers: Headers, storageKind: string): Record<string, string> {
  const metadata: Record<string, string> = {};
  const isS3 = storageKind === 's3';

  for (const [name, value] of headers) {
    const keep = name.startsWith('x-amz-meta-') || name === 'etag' ||
      (isS3 && (name === 'content-md5' || name === 'content-disposition' ||
        (name.startsWith('x-amz-') && !isTransient(name))));
    if (keep) metadata[name] = value;
  }

  return metadata;
}

function isBucketRoot(key: string): boolean {
  return key === '' || key === '/';
}

function declaredLength(headers: Headers): number | undefined {
  const raw = headers.get('x-amz-decoded-content-length') ?? headers.get('content-length');
  return raw === null ? undefined : Number(raw);
}

/**
 * Streams `write.body` into the object's storage. Storages commit only a body that ended
 * cleanly, so a body that fails verification part-way leaves nothing behind.
 */
export function storeObject(
  services: Services,
  object: MortObject,
  write: WriteBody,
  metadata: WriteMetadata,
): Promise<PutResult> {
  const storage = services.storages.get(object.storage);
  return storage.put(locationOf(object), write.body, {
    contentType: metadata.contentType,
    contentLength: write.contentLength,
    metadata: metadata.metadata,
  });
}

/** Removes an object; one that is not there counts as removed, as in S3. */
export async function deleteStored(services: Services, object: MortObject): Promise<void> {
  const storage = services.storages.get(object.storage);
  try {
    await storage.delete(locationOf(object));
  } catch (err) {
    if (!(err instanceof MortError && err.code === 'not_found')) throw err;
  }
}

/** Refuses to "delete" a bucket that still holds objects (SPEC §12.37). */
export async function assertBucketEmpty(services: Services, bucket: string): Promise<void> {
  const listing = await services.storages.basic(bucket).list(bucket, { maxKeys: 1 });
  if (listing.entries.length > 0 || listing.commonPrefixes.length > 0) {
    throw new MortError('conflict', 'error: bucket is not empty');
  }
}

export async function putObject(services: Services, context: RequestContext):
  Promise<Response> {
  const { request, object } = context;
  const contentType = request.headers.get('content-type') ?? undefined;
  const headers = new Headers(contentType ? { 'content-type': contentType } : {});
  // "Create bucket": buckets come from the configuration, so there is nothing to do.
  if (isBucketRoot(object.key)) return new Response(null, { status: 200, headers });

  const kind = services.storages.get(object.storage).kind;
  const result = await storeObject(services, object, {
    body: request.body ?? new Uint8Array(0),
    contentLength: declaredLength(request.headers),
  }, { contentType, metadata: requestMetadata(request.headers, kind) });
  services.onObjectChanged?.(object.bucket, object.key);
  if (result.etag) headers.set('etag', result.etag);
  return new Response(null, { status: 200, headers });
}

export async function deleteObject(services: Services, context: RequestContext):
  Promise<Response> {
  const { object } = context;
  if (isBucketRoot(object.key)) {
    await assertBucketEmpty(services, object.bucket);
    return new Response(null, { status: 204 });
  }

  await deleteStored(services, object);
  services.onObjectChanged?.(object.bucket, object.key);
  return new Response(null, { status: 204 });
}
