// One authenticated S3 API request: who sent it, which bucket and key it names, and the
// helpers every operation shares to answer it.

import { randomBytes } from 'node:crypto';

import { decodeRequestPath, splitPath } from '../../object/index.ts';
import type { Services } from '../../processor/context.ts';
import type { AuthenticatedResult } from '../auth/index.ts';
import { noSuchBucket } from './errors.ts';

export interface S3Request {
  readonly request: Request;
  readonly url: URL;
  readonly auth: AuthenticatedResult;
  readonly services: Services;
  /** Bucket named by the path (configured: unknown buckets are refused before routing). */
  readonly bucket: string;
  /** Decoded key with its leading `/`; `""` when the path names only the bucket. */
  readonly key: string;
  /** Sent back as `x-amz-request-id` and in error documents. */
  readonly requestId: string;
}

/** Builds the request view; throws NoSuchBucket for a bucket missing from the config. */
export function s3RequestOf(
  services: Services,
  request: Request,
  url: URL,
  auth: AuthenticatedResult,
  requestId: string,
): S3Request {
  const { bucket, key } = splitPath(decodeRequestPath(url.pathname));
  if (!Object.hasOwn(services.config.buckets, bucket)) throw noSuchBucket();

  return { request, url, auth, services, bucket, key, requestId };
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/**
 * S3 sub-resources we do not offer. Taking them for plain object or bucket calls would be
 * harmful (a PUT `?acl` would overwrite the object with the ACL document, a DELETE `?tagging`
 * delete the object), so they are answered NotImplemented.
 */
const UNSUPPORTED_OBJECT = ['acl', 'tagging', 'attributes', 'retention', 'legal-hold',
  'torrent', 'restore', 'select'];
const UNSUPPORTED_BUCKET = ['accelerate', 'acl', 'analytics', 'cors', 'encryption',
  'intelligent-tiering', 'inventory', 'lifecycle', 'logging', 'metrics', 'notification',
  'object-lock', 'ownershipControls', 'policy', 'publicAccessBlock', 'replication',
  'requestPayment', 'tagging', 'uploads', 'versioning', 'versions', 'website'];

/** The unsupported sub-resource the request names, if any. */
export function unsupportedSubResource(s3: S3Request): string | undefined {
  const names = isBucketRoot(s3) ? UNSUPPORTED_BUCKET : UNSUPPORTED_OBJECT;
  // `uploads` on an object is CreateMultipartUpload; on the root it is ListMultipartUploads.
  return names.find((name) => s3.url.searchParams.has(name));
}

/** GET/HEAD of an object's content: no ListParts, no sub-resource. */
export function isObjectRead(request: Request, url: URL): boolean {
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const query = url.searchParams;
  const isSubResource = query.has('uploadId') || UNSUPPORTED_OBJECT.some((name) => query.has(name));
  if (!isRead || isSubResource) return false;

  try {
    const { key } = splitPath(decodeRequestPath(url.pathname));
    return key !== '' && key !== '/';
  } catch {
    // A malformed path is answered by the S3 API, as an S3 error document.
    return false;
  }
}

/** `GET /<bucket>/` names the bucket root too when authenticated (SPEC §12.38). */
export function isBucketRoot(s3: S3Request): boolean {
  return s3.key === '' || s3.key === '/';
}

/** The key as S3 clients see it: relative to the bucket, without the leading `/`. */
export function s3Key(key: string): string {
  return key.startsWith('/') ? key.slice(1) : key;
}

/** True when the access key may use `bucket` (it is among that bucket's `keys`). */
export function canAccess(s3: S3Request, bucket: string): boolean {
  return s3.services.config.accessKeyIndex.get(s3.auth.accessKey)?.includes(bucket) ?? false;
}

/** Tells the response cache, if any, that an object changed (§6.8 invalidation). */
export function objectChanged(s3: S3Request, bucket: string, key: string): void {
  s3.services.onObjectChanged?.(bucket, key);
}
