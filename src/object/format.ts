// Format negotiation on a resolved object (SPEC §9.1): the record gets the negotiated format,
// which changes its hash, and the literal format name is appended to the storage key so that
// storage, cache and lock keep the variant apart, e.g. `/photos-cat.jpg/<32 hex>webp`.
import type { ConfigShape } from './config-shape.ts';
import { resultKeyScheme } from './resolve.ts';
import { resultKey } from './result-key.ts';
import type { MortObject } from './types.ts';

export function withNegotiatedFormat(
  object: MortObject,
  format: 'webp' | 'avif',
  config: ConfigShape,
): MortObject {
  if (!object.transforms) return object;
  const transforms = object.transforms.clone();
  transforms.setFormat(format);

  let key = object.key;
  const transform = config.buckets[object.bucket]?.transform;
  if (object.allowChangeKey && object.parent && transform) {
    const scheme = resultKeyScheme(transform.kind, transform.resultKey);
    key = resultKey(scheme, object.requestKey, transforms, object.parent);
  }
  return { ...object, transforms, key: `${key}${format}` };
}
