// Object writes and deletes on the S3 API (SPEC §7.7, §7.8). Keys resolve as in the public
// flow, so a write to a transformed bucket lands where its GET reads (SPEC §6.1).

import { resolveObject, type MortObject } from '../../object/index.ts';
import {
  deleteStored,
  requestMetadata,
  storeObject,
  type WriteBody,
} from '../../processor/writes.ts';
import { tapStream, uploadBodyOf } from './body.ts';
import { emptyResponse } from './responses.ts';
import { objectChanged, type S3Request } from './request.ts';

/** Stores `upload` at `object`; answers the S3 way, with the body's MD5 as ETag. */
export async function storeUpload(
  s3: S3Request,
  object: MortObject,
  upload: WriteBody,
  contentType: string | undefined,
  metadata: Record<string, string>,
): Promise<{ etag: string; lastModified: Date }> {
  const tapped = tapStream(upload.body);

  try {
    await storeObject(s3.services, object, { body: tapped.stream, contentLength:
      upload.contentLength }, { contentType, metadata });
  } catch (error) {
    // A storage that failed before reading leaves the source open (a file handle, a socket).
    await tapped.stream.cancel().catch(() => undefined);
    // The verification error is the answer even when the storage wrapped it in its own.
    throw tapped.failure() ?? error;
  }

  objectChanged(s3, object.bucket, object.key);
  // S3 clients (s3cmd, SDK checksums off) compare the ETag of a single PUT with the MD5 of
  // what they sent, so it is the MD5 here, whatever validator the storage serves later.
  return { etag: `"${tapped.md5Hex()}"`, lastModified: new Date() };
}

/** PutObject: body, Content-Type and `x-amz-meta-*` into the object's storage. */
export async function putObject(s3: S3Request): Promise<Response> {
  const object = resolveObject(s3.url, s3.services.config);
  const upload = await uploadBodyOf(s3);
  const contentType = s3.request.headers.get('content-type') ?? undefined;
  const kind = s3.services.storages.get(object.storage).kind;
  const metadata = requestMetadata(s3.request.headers, kind);
  const { etag } = await storeUpload(s3, object, upload, contentType, metadata);

  return emptyResponse(s3.requestId, 200, {
    etag,
    ...(contentType ? { 'content-type': contentType } : {}),
  });
}

/** DeleteObject: 204 whether or not the object existed (SPEC §7.8, §12.17). */
export async function deleteObject(s3: S3Request): Promise<Response> {
  const object = resolveObject(s3.url, s3.services.config);
  await deleteStored(s3.services, object);
  objectChanged(s3, object.bucket, object.key);
  return emptyResponse(s3.requestId, 204);
}

