// The part of the configuration that URL resolution reads, declared structurally so this folder
// does not depend on how config/ builds its objects. Field names are the mort.yml keys
// (SPEC §2.6); `pathRegexp` is config/'s compiled `path`. config/types.ts's MortConfig is
// assignable to ConfigShape.

import type { PresetShape } from '../transforms/index.ts';

export interface ConfigShape {
  /** Buckets by name. */
  readonly buckets: Readonly<Record<string, BucketShape>>;
}

/** `buckets.<name>`. */
export interface BucketShape {
  /** Undefined = every object of the bucket is an original. */
  readonly transform?: TransformShape | undefined;
  /** Storages by name (`basic`, `transform`, any `parentStorage` target). */
  readonly storages: Readonly<Record<string, StorageShape>>;
}

/** `buckets.<name>.storages.<name>`: only presence matters here. */
export interface StorageShape {
  readonly kind: string;
  /** Container override; resolution leaves it to storage/ (container = this or the bucket). */
  readonly bucket?: string | undefined;
}

/** `buckets.<name>.transform` (§2.6.1). Absent optional fields take the §2.4 defaults. */
export interface TransformShape {
  /** `presets`, `query`, `presets-query`, `base64_presets`, or a kind registered later. */
  readonly kind: string;
  /** The regexp as written (RE2); compiled here only when `pathRegexp` is absent. */
  readonly path?: string | undefined;
  /** `path` compiled for JS, unanchored, without the `g` or `y` flag. */
  readonly pathRegexp?: RegExp | undefined;
  readonly presets?: Readonly<Record<string, PresetShape>> | undefined;
  /** Default `""`. */
  readonly parentBucket?: string | undefined;
  /** Default `basic`. */
  readonly parentStorage?: string | undefined;
  /** Default false. */
  readonly checkParent?: boolean | undefined;
  /** `""`, `hash`, `hashParent`; empty means `hashParent` for the query kinds (§2.4). */
  readonly resultKey?: string | undefined;
}
