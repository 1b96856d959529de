// Bucket-level operations (SPEC §7.4–§7.6, §12.37). Buckets come from the configuration:
// creating one is a no-op that succeeds and deleting one only checks it is empty.

import type { MortConfig } from '../../config/index.ts';
import { MortError } from '../../errors.ts';
import { assertBucketEmpty } from '../../processor/writes.ts';
import { S3Error } from './errors.ts';
import { emptyResponse, s3Headers, xmlResponse } from './responses.ts';
import { newRequestId, type S3Request } from './request.ts';
import { isoDate, S3_NAMESPACE } from './xml.ts';

/** ListAllMyBuckets: the buckets whose `keys` hold the access key (SPEC §7.4). */
export function listBuckets(config: MortConfig, accessKey: string): Response {
  const now = isoDate(new Date());
  const names = config.accessKeyIndex.get(accessKey) ?? [];
  const owner = { ID: accessKey, DisplayName: accessKey };

  // The reference writes `owner` in lower case; SDKs read `Owner`. Both are harmless.
  return xmlResponse(newRequestId(), 'ListAllMyBucketsResult', {
    owner,
    Owner: owner,
    Buckets: { Bucket: names.map((name) => ({ Name: name, CreationDate: now })) },
  });
}

/** GetBucketLocation: always `EU`, as the reference answers (SPEC §7.5). */
export function bucketLocation(s3: S3Request): Response {
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<LocationConstraint xmlns="${S3_NAMESPACE}">EU</LocationConstraint>`;
  const headers = s3Headers(s3.requestId, { 'content-type': 'application/xml' });
  return new Response(body, { status: 200, headers });
}

/** HEAD bucket: 200 when the bucket's storage can be listed (SPEC §7.6). */
export async function headBucket(s3: S3Request): Promise<Response> {
  await s3.services.storages.basic(s3.bucket).list(s3.bucket, { maxKeys: 0 });
  return emptyResponse(s3.requestId, 200, { 'x-amz-bucket-region': 'EU' });
}

/** CreateBucket on a configured bucket: nothing to create. */
export function putBucket(s3: S3Request): Response {
  return emptyResponse(s3.requestId, 200, { location: `/${s3.bucket}` });
}

/** DeleteBucket: 409 BucketNotEmpty unless empty; an empty bucket stays configured. */
export async function deleteBucket(s3: S3Request): Promise<Response> {
  try {
    await assertBucketEmpty(s3.services, s3.bucket);
  } catch (error) {
    if (error instanceof MortError && error.code === 'conflict') {
      throw new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty.');
    }

    throw error;
  }

  return emptyResponse(s3.requestId, 204);
}
