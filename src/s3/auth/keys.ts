// Finds the secret for an access key (§7.2 steps 4–5, §2.6.4).

import type { MortConfig } from '../../config/types.ts';

/** Outcome of the key lookup. */
export type KeyLookup =
  | { readonly kind: 'no-bucket' }
  | { readonly kind: 'unknown-key'; readonly bucket: string }
  | { readonly kind: 'found'; readonly bucket: string; readonly secret: string };

/**
 * The path's bucket when configured, else the first bucket in config order whose keys hold
 * `accessKey`; `no-bucket` when neither exists. `unknown-key` when that bucket lacks the key.
 */
export function lookupKey(config: MortConfig, bucketName: string, accessKey: string): KeyLookup {
  const bucket = Object.hasOwn(config.buckets, bucketName)
    ? config.buckets[bucketName]
    : firstBucketWithKey(config, accessKey);

  if (bucket === undefined) return { kind: 'no-bucket' };

  const entry = bucket.keys.find((key) => key.accessKey === accessKey);
  if (entry === undefined || accessKey === '') return { kind: 'unknown-key', bucket: bucket.name };

  return { kind: 'found', bucket: bucket.name, secret: entry.secretAccessKey };
}

function firstBucketWithKey(config: MortConfig, accessKey: string) {
  const name = config.accessKeyIndex.get(accessKey)?.[0];

  return name === undefined ? undefined : config.buckets[name];
}
