// What a request URL resolves to (SPEC §4): the object to serve, where it is stored, the
// operations that render it and the parent it is rendered from.

import type { TransformRecord } from '../transforms/index.ts';

/**
 * Which storage definition serves an object. `configured` names an entry of
 * `buckets[bucket].storages`; the container is that storage's `bucket` override, else the
 * object's own bucket (so a parent read through this bucket's `parentStorage` still uses the
 * parent's bucket name). `noop` is the implicit no-op storage (§4.3, §8.7).
 */
export type StorageRef =
  | { readonly type: 'configured'; readonly bucket: string; readonly name: string }
  | { readonly type: 'noop' };

export const NOOP_STORAGE: StorageRef = Object.freeze({ type: 'noop' });

/** A resolved request (or parent) object. */
export interface MortObject {
  /** The request URL; undefined for parents, which are resolved from a path. */
  readonly url: URL | undefined;
  readonly bucket: string;
  /** Key from the path, with its leading `/`; `""` when the path names only the bucket. */
  readonly requestKey: string;
  /** Storage key: the request key, or the result key (§4.4) for transformed objects. */
  readonly key: string;
  readonly storage: StorageRef;
  /** The bucket's transform kind; undefined when the bucket has no `transform` section. */
  readonly kind: string | undefined;
  /** Operations to render; undefined when there are none (an original, or a parent as is). */
  readonly transforms: TransformRecord | undefined;
  /** The object this one is rendered from; may itself have a parent (chains, §5.6). */
  readonly parent: MortObject | undefined;
  /** Always HEAD the top-most parent before serving a stored rendering (§6.3). */
  readonly checkParent: boolean;
  /** False for parents: their key is never replaced by a result key. */
  readonly allowChangeKey: boolean;
}

/** True when the object has operations to render. */
export function hasTransforms(object: MortObject): boolean {
  return object.transforms !== undefined;
}

/** The top-most ancestor (the original the chain starts from), or the object itself. */
export function topParent(object: MortObject): MortObject {
  let current = object;
  while (current.parent !== undefined) current = current.parent;
  return current;
}

/**
 * Records of the object and its transformed ancestors, top-most first: the order in which
 * they are merged and rendered (§5.6).
 */
export function chainRecords(object: MortObject): TransformRecord[] {
  const records: TransformRecord[] = [];
  for (let current: MortObject | undefined = object; current; current = current.parent) {
    if (current.transforms) records.push(current.transforms);
  }
  return records.reverse();
}
