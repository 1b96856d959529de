// CreateMultipartUpload, UploadPart, ListParts and AbortMultipartUpload. Parts are kept by the
// MultipartStore until CompleteMultipartUpload (complete.ts) streams them into the storage.

import { resolveDecodedPath } from '../../../object/index.ts';
import { requestMetadata } from '../../../processor/writes.ts';
import { uploadBodyOf } from '../body.ts';
import { S3Error } from '../errors.ts';
import { emptyResponse, xmlResponse } from '../responses.ts';
import { s3Key, type S3Request } from '../request.ts';
import { isoDate } from '../xml.ts';
import type { MultipartStore, UploadInfo } from './store.ts';

const MAX_PART_NUMBER = 10_000;
const DEFAULT_MAX_PARTS = 1000;

function uploadIdOf(s3: S3Request): string {
  return s3.url.searchParams.get('uploadId') ?? '';
}

/** The upload named by `uploadId`, which must target this request's bucket and key. */
export function openUpload(store: MultipartStore, s3: S3Request): Promise<UploadInfo> {
  return store.open(uploadIdOf(s3), s3.bucket, s3.key);
}

function positiveInteger(raw: string | null, name: string, max: number): number {
  const value = raw !== null && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) {
    throw new S3Error('InvalidArgument', 400, `${name} must be an integer between 1 and ${max}.`);
  }

  return value;
}

export async function createUpload(store: MultipartStore, s3: S3Request): Promise<Response> {
  // Resolving now refuses keys that could never be stored, before any part is sent.
  const object = resolveDecodedPath(`/${s3.bucket}${s3.key}`, s3.services.config);
  const kind = s3.services.storages.get(object.storage).kind;
  const uploadId = await store.create({
    bucket: s3.bucket,
    key: s3.key,
    contentType: s3.request.headers.get('content-type') ?? undefined,
    metadata: requestMetadata(s3.request.headers, kind),
  });

  return xmlResponse(s3.requestId, 'InitiateMultipartUploadResult', {
    Bucket: s3.bucket,
    Key: s3Key(s3.key),
    UploadId: uploadId,
  });
}

export async function uploadPart(store: MultipartStore, s3: S3Request): Promise<Response> {
  const query = s3.url.searchParams;
  const partNumber = positiveInteger(query.get('partNumber'), 'Part number', MAX_PART_NUMBER);
  await openUpload(store, s3);

  const upload = await uploadBodyOf(s3);
  const part = await store.writePart(uploadIdOf(s3), partNumber, upload.body,
    upload.contentLength);

  return emptyResponse(s3.requestId, 200, { etag: part.etag });
}

export async function listParts(store: MultipartStore, s3: S3Request): Promise<Response> {
  const query = s3.url.searchParams;
  const maxParts = query.has('max-parts')
    ? Math.min(positiveInteger(query.get('max-parts'), 'max-parts', 100_000), DEFAULT_MAX_PARTS)
    : DEFAULT_MAX_PARTS;
  const marker = Number(query.get('part-number-marker') ?? '0') || 0;
  await openUpload(store, s3);

  const all = (await store.parts(uploadIdOf(s3))).filter((part) => part.partNumber > marker);
  const page = all.slice(0, maxParts);
  const isTruncated = all.length > page.length;

  return xmlResponse(s3.requestId, 'ListPartsResult', {
    Bucket: s3.bucket,
    Key: s3Key(s3.key),
    UploadId: uploadIdOf(s3),
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    ...(isTruncated ? { NextPartNumberMarker: page.at(-1)?.partNumber ?? marker } : {}),
    MaxParts: maxParts,
    IsTruncated: isTruncated,
    Part: page.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: isoDate(new Date(part.lastModifiedMs)),
      ETag: part.etag,
      Size: part.size,
    })),
  });
}

export async function abortUpload(store: MultipartStore, s3: S3Request): Promise<Response> {
  await openUpload(store, s3);
  await store.remove(uploadIdOf(s3));
  return emptyResponse(s3.requestId, 204);
}
