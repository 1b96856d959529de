// Which S3 operation an authenticated request is, from its method, whether it names the bucket
// root or an object, its sub-resource query parameters and `x-amz-copy-source`. Parameters the
// SDKs add for their own bookkeeping (`x-id`) are ignored.

import { bucketLocation, deleteBucket, headBucket, putBucket } from './buckets.ts';
import { copyObject } from './copy.ts';
import { deleteObjects } from './delete-objects.ts';
import { methodNotAllowed, notImplemented } from './errors.ts';
import { listObjects } from './list-objects.ts';
import { completeUpload } from './multipart/complete.ts';
import { abortUpload, createUpload, listParts, uploadPart } from './multipart/handlers.ts';
import type { MultipartStore } from './multipart/store.ts';
import { deleteObject, putObject } from './objects.ts';
import { isBucketRoot, unsupportedSubResource, type S3Request } from './request.ts';

function routeRead(s3: S3Request, store: MultipartStore): Promise<Response> | Response {
  const query = s3.url.searchParams;

  if (isBucketRoot(s3)) {
    if (query.has('location')) return bucketLocation(s3);

    return s3.request.method === 'HEAD' ? headBucket(s3) : listObjects(s3);
  }

  if (query.has('uploadId')) return listParts(store, s3);

  // Object content is read by the public flow (see isObjectRead).
  throw methodNotAllowed();
}

function routePut(s3: S3Request, store: MultipartStore): Promise<Response> | Response {
  const query = s3.url.searchParams;
  const copySource = s3.request.headers.get('x-amz-copy-source');

  if (isBucketRoot(s3)) return putBucket(s3);

  if (query.has('uploadId') || query.has('partNumber')) {
    if (copySource !== null) throw notImplemented('UploadPartCopy');
    return uploadPart(store, s3);
  }

  if (copySource !== null) return copyObject(s3, copySource);

  return putObject(s3);
}

function routePost(s3: S3Request, store: MultipartStore): Promise<Response> {
  const query = s3.url.searchParams;

  if (isBucketRoot(s3)) {
    if (query.has('delete')) return deleteObjects(s3);
    throw methodNotAllowed();
  }

  if (query.has('uploads')) return createUpload(store, s3);
  if (query.has('uploadId')) return completeUpload(store, s3);

  throw methodNotAllowed();
}

function routeDelete(s3: S3Request, store: MultipartStore): Promise<Response> {
  if (s3.url.searchParams.has('uploadId')) return abortUpload(store, s3);
  if (isBucketRoot(s3)) return deleteBucket(s3);

  return deleteObject(s3);
}

/** Runs the operation; failures are thrown (the caller turns them into S3 error documents). */
export function routeS3(s3: S3Request, store: MultipartStore): Promise<Response> | Response {
  const unsupported = unsupportedSubResource(s3);
  if (unsupported) throw notImplemented(`The ${unsupported} sub-resource`);

  switch (s3.request.method) {
    case 'GET':
    case 'HEAD':
      return routeRead(s3, store);
    case 'PUT':
      return routePut(s3, store);
    case 'POST':
      return routePost(s3, store);
    case 'DELETE':
      return routeDelete(s3, store);
    default:
      throw methodNotAllowed();
  }
}
