// Access-key index for S3 auth (SPEC §2.6.4, §7.2).

import type { BucketConfig } from './types.ts';

/** Access key → names of the buckets whose `keys` contain it, in bucket (file) order. */
export function buildAccessKeyIndex(
  buckets: readonly BucketConfig[],
): Map<string, readonly string[]> {
  const index = new Map<string, string[]>();

  for (const bucket of buckets) {
    for (const { accessKey } of bucket.keys) {
      const names = index.get(accessKey) ?? [];
      if (!names.includes(bucket.name)) names.push(bucket.name);
      index.set(accessKey, names);
    }
  }

  return index;
}
