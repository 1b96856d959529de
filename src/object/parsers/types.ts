// The contract between URL resolution and one transform kind. Each kind turns a key (and for
// some kinds the query) into operations and a parent path; resolution does the rest (parent
// chain, storages, result keys), identically for every kind.

import type { QueryValues, TransformRecord } from '../../transforms/index.ts';
import type { BucketShape, TransformShape } from '../config-shape.ts';

/** Everything a kind parser may read. */
export interface KindContext {
  readonly bucketName: string;
  readonly bucket: BucketShape;
  readonly transform: TransformShape;
  /** Decoded key with its leading `/` (may be `""`). */
  readonly key: string;
  /** Decoded query; empty when resolving a parent. */
  readonly query: QueryValues;
  /** The request URL; undefined when resolving a parent. */
  readonly url: URL | undefined;
  /** True while resolving a parent path rather than the request itself. */
  readonly isParent: boolean;
}

/** What a kind parser found; `{}` means "an original". */
export interface KindResult {
  /** Final parent path `/<bucket>/<key>` (`parentBucket` already applied where it applies). */
  readonly parent?: string;
  /** Operations; a record with `notEmpty === false` counts as none. */
  readonly transforms?: TransformRecord;
  /** Scripts may forbid result keys for this object; default true (false for parents). */
  readonly allowChangeKey?: boolean;
  /** Scripts may override the bucket's `checkParent`. */
  readonly checkParent?: boolean;
}

/** Parses one request for one transform kind. Throws a 400 MortError for invalid input. */
export type KindParser = (context: KindContext) => KindResult;
