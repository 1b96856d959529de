// Result keys (SPEC §4.4): where a rendered object is stored. These strings name objects that
// existing deployments already hold in their transform storages, so every byte is fixed by the
// reference, including its quirks (the doubled parent key in chained `hashParent`).

import { be8, hex64, murmur3x64_128, transformHash } from '../transforms/index.ts';
import type { TransformRecord } from '../transforms/index.ts';

/** The parts of an object the key schemes read. */
export interface KeyedObject {
  readonly key: string;
  readonly transforms: TransformRecord | undefined;
  readonly parent: KeyedObject | undefined;
}

const encoder = new TextEncoder();

/** h64 of an object's record; an object without operations hashes an empty accumulator. */
function objectHash(transforms: TransformRecord | undefined): bigint {
  return transforms ? transforms.hash() : transformHash(0n);
}

/** Key without its leading `/`, with every `/` replaced by `-`. */
function flattenKey(key: string): string {
  return (key.startsWith('/') ? key.slice(1) : key).replaceAll('/', '-');
}

/** `resultKey: hash`: `/<hex[0:3]>/<safe[0:3]>/<safe>-<hex>` from the immediate parent. */
export function hashResultKey(hash: bigint, parentKey: string): string {
  const hex = hex64(hash);
  const safe = flattenKey(parentKey);
  return `/${hex.slice(0, 3)}/${safe.slice(0, 3)}/${safe}-${hex}`;
}

/** `resultKey: hashParent`: `/<root key flattened>/<32 hex digits>` over the whole chain. */
export function hashParentResultKey(hash: bigint, parent: KeyedObject): string {
  const chunks: Uint8Array[] = [be8(hash), encoder.encode(parent.key)];
  let root = parent;
  while (root.parent !== undefined) {
    chunks.push(encoder.encode(root.key), be8(objectHash(root.transforms)));
    root = root.parent;
  }

  const [h1, h2] = murmur3x64_128(concatBytes(chunks), 0);
  const digest = Buffer.concat([be8(h1), be8(h2)]).toString('hex');
  return `/${flattenKey(root.key)}/${digest}`;
}

/**
 * The storage key of a transformed object under `scheme`; `""` and unknown schemes keep the
 * request key, as the reference does.
 */
export function resultKey(
  scheme: string,
  requestKey: string,
  transforms: TransformRecord,
  parent: KeyedObject,
): string {
  switch (scheme) {
    case 'hash':
      return hashResultKey(transforms.hash(), parent.key);
    case 'hashParent':
      return hashParentResultKey(transforms.hash(), parent);
    default:
      return requestKey;
  }
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
