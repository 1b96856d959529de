// CopyObject (`PUT` with `x-amz-copy-source`): the source is streamed from its storage into the
// destination's, never held whole in memory. The access key must be allowed on both buckets.

import { resolveDecodedPath, resolveObject } from '../../object/index.ts';
import { locationOf } from '../../processor/storages.ts';
import { requestMetadata } from '../../processor/writes.ts';
import { S3Error, noSuchBucket } from './errors.ts';
import { storeUpload } from './objects.ts';
import { xmlResponse } from './responses.ts';
import { canAccess, type S3Request } from './request.ts';
import { isoDate } from './xml.ts';

interface CopySource {
  readonly bucket: string;
  /** Decoded key with its leading `/`. */
  readonly key: string;
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
function parseCopySource(header: string): CopySource {
  const invalid = () => new S3Error('InvalidArgument', 400, 'Copy Source must mention the ' +
    'source bucket and key: sourcebucket/sourcekey.');
  const withoutVersion = header.replace(/\?versionId=[^&]*$/, '');
  let decoded: string;

  try {
    decoded = decodeURIComponent(withoutVersion).replace(/^\//, '');
  } catch {
    throw invalid();
  }

  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();

  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash) };
}

/** Stored metadata worth carrying over with the COPY directive. */
function copiedMetadata(stored: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};

  for (const [name, value] of Object.entries(stored)) {
    if (name !== 'content-type') kept[name] = value;
  }

  return kept;
}

export async function copyObject(s3: S3Request, header: string): Promise<Response> {
  const source = parseCopySource(header);
  const { config } = s3.services;
  if (!Object.hasOwn(config.buckets, source.bucket)) throw noSuchBucket();
  if (!canAccess(s3, source.bucket)) {
    throw new S3Error('AccessDenied', 403, 'Access Denied');
  }

  const directive = (s3.request.headers.get('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', 400, 'Unknown metadata directive.');
  }

  const sourceObject = resolveDecodedPath(`/${source.bucket}${source.key}`, config);
  const target = resolveObject(s3.url, config);
  const isSameObject = sourceObject.bucket === target.bucket && sourceObject.key === target.key;
  if (isSameObject && directive === 'COPY') {
    throw new S3Error('InvalidRequest', 400, 'This copy request is illegal because it is ' +
      'trying to copy an object to itself without changing the object\'s metadata.');
  }

  void s3.request.body?.cancel();
  const read = await s3.services.storages.get(sourceObject.storage)
    .get(locationOf(sourceObject));
  const kind = s3.services.storages.get(target.storage).kind;
  const isReplace = directive === 'REPLACE';
  const contentType = isReplace
    ? s3.request.headers.get('content-type') ?? undefined
    : read.metadata.stored['content-type'] ?? read.metadata.contentType;
  const metadata = isReplace
    ? requestMetadata(s3.request.headers, kind)
    : copiedMetadata(read.metadata.stored);
  const upload = { body: read.body, contentLength: read.metadata.size };
  const { etag, lastModified } = await storeUpload(s3, target, upload, contentType, metadata);

  return xmlResponse(s3.requestId, 'CopyObjectResult', {
    LastModified: isoDate(lastModified),
    ETag: etag,
  });
}
