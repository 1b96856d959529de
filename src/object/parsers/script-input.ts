// What a `kind: script` module sees (SPEC §5.5): the request URL, the bucket configuration and
// the transforms API, shaped like the globals a Tengo script had. Everything a script could
// keep between requests is frozen; secrets are never handed over.

import { MortError } from '../../errors.ts';
import type { PresetFiltersShape, PresetShape, TransformRecord } from '../../transforms/index.ts';
import type { BucketShape } from '../config-shape.ts';
import { matchPath } from './match-path.ts';
import type { KindContext } from './types.ts';

/** The request URL as Tengo's `url` global showed it. */
export interface ScriptUrl {
  /** `http` or `https`; `""` for parents. */
  readonly scheme: string;
  /** Host with its port, if any; `""` for parents. */
  readonly host: string;
  /** Percent-decoded path, `/<bucket><key>`. */
  readonly path: string;
  /** Query string without `?`, as sent. */
  readonly rawquery: string;
  /** Form-decoded query: name → values in order. */
  readonly query: Readonly<Record<string, readonly string[]>>;
}

/** A preset as Tengo's `presets[name]` showed it; absent map filters are undefined. */
export interface ScriptPreset {
  readonly quality: number;
  readonly format: string;
  readonly filters: Omit<PresetFiltersShape, 'auto_rotate'> & {
    readonly interlace: boolean;
    readonly autoRotate: boolean;
    readonly grayscale: boolean;
    readonly strip: boolean;
  };
}

/** Tengo's `bucketConfig`. Secrets are left out: `keys` carries access keys only. */
export interface ScriptBucketConfig {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly keys: readonly { readonly accessKey: string }[];
  readonly transform: {
    /** The `path` regexp as written; `""` when absent. */
    readonly path: string;
    readonly kind: string;
    readonly parentStorage: string;
    readonly parentBucket: string;
    /** Named groups of `path` matched against `text`; `{}` when it does not match. */
    readonly pathRegexp: (text: string) => Readonly<Record<string, string>>;
    readonly presets: Readonly<Record<string, ScriptPreset>>;
  };
}

/** `obj.transforms`: the setters of SPEC §5.1. Each throws (→ 400) on bad arguments. */
export interface ScriptTransforms {
  resize(width: number, height: number, enlarge: boolean, keepAspect: boolean, fill: boolean): void;
  extract(top: number, left: number, width: number, height: number): void;
  crop(width: number, height: number, gravity: string, enlarge: boolean, embed: boolean): void;
  resizeCropAuto(width: number, height: number): void;
  interlace(): void;
  quality(quality: number): void;
  stripMetadata(): void;
  blur(sigma: number, minAmpl: number): void;
  format(format: string): void;
  watermark(image: string, position: string, opacity: number): void;
  grayscale(): void;
  rotate(angle: number): void;
}

/** Tengo's `obj`. The three flags are writable; `debug` is accepted but not used yet. */
export interface ScriptObject {
  readonly uri: ScriptUrl;
  readonly bucket: string;
  readonly key: string;
  readonly transforms: ScriptTransforms;
  allowChangeKey: boolean;
  checkParent: boolean;
  debug: boolean;
}

/** The one argument of a script's `parse`. */
export interface ScriptInput {
  readonly url: ScriptUrl;
  readonly bucketConfig: ScriptBucketConfig;
  readonly obj: ScriptObject;
}

/** What `parse` returns: `error` set → 400; `parent` used verbatim. Nothing = an original. */
export interface ScriptOutput {
  readonly parent?: string | undefined;
  readonly error?: unknown;
}

/** The export a script module must provide. */
export type ScriptParse = (input: ScriptInput) => ScriptOutput | undefined | void;

// config/ adds these fields to the bucket shape resolution reads; only scripts show them.
interface ScriptBucketShape extends BucketShape {
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly keys?: readonly { readonly accessKey: string }[] | undefined;
}

/** Tengo's `url` global for one request (or parent). */
export function scriptUrl(context: KindContext): ScriptUrl {
  const query: Record<string, readonly string[]> = {};
  for (const [name, values] of context.query) query[name] = [...values];

  const { url } = context;
  return Object.freeze({
    // Parents have no URL of their own; Mort built them from the path alone.
    scheme: url ? url.protocol.replace(/:$/, '') : '',
    host: url ? url.host : '',
    path: `/${context.bucketName}${context.key}`,
    rawquery: url ? url.search.replace(/^\?/, '') : '',
    query: Object.freeze(query),
  });
}

const bucketConfigs = new WeakMap<BucketShape, ScriptBucketConfig>();

/**
 * Tengo's `bucketConfig`, built once per bucket object and frozen, so one request cannot
 * change what the next one sees.
 */
export function bucketConfigOf(context: KindContext): ScriptBucketConfig {
  const cached = bucketConfigs.get(context.bucket);
  if (cached !== undefined) return cached;

  const bucket = context.bucket as ScriptBucketShape;
  const { transform } = context;
  const presets: Record<string, ScriptPreset> = {};
  for (const [name, preset] of Object.entries(transform.presets ?? {})) {
    presets[name] = presetView(preset);
  }

  const built: ScriptBucketConfig = deepFreeze({
    name: context.bucketName,
    headers: { ...bucket.headers },
    keys: (bucket.keys ?? []).map(({ accessKey }) => ({ accessKey })),
    transform: {
      path: transform.path ?? '',
      kind: transform.kind,
      parentStorage: transform.parentStorage || 'basic',
      parentBucket: transform.parentBucket ?? '',
      pathRegexp: (text: string) => matchPath(transform, String(text)) ?? {},
      presets,
    },
  });
  bucketConfigs.set(context.bucket, built);
  return built;
}

function presetView(preset: PresetShape): ScriptPreset {
  const filters = structuredClone(preset.filters ?? {}) as PresetFiltersShape & {
    autoRotate?: boolean;
  };
  const { auto_rotate: autoRotate, ...rest } = filters;

  return {
    quality: preset.quality ?? 0,
    format: preset.format ?? '',
    filters: {
      ...rest,
      interlace: filters.interlace ?? false,
      autoRotate: autoRotate ?? filters.autoRotate ?? false,
      grayscale: filters.grayscale ?? false,
      strip: filters.strip ?? false,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

type ArgKind = 'int' | 'number' | 'bool' | 'string';

const isArg: Record<ArgKind, (value: unknown) => boolean> = {
  int: (value) => Number.isSafeInteger(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  bool: (value) => typeof value === 'boolean',
  string: (value) => typeof value === 'string',
};

/** Tengo refused wrong arity or types with a runtime error; so do we (→ 400). */
function checkArgs(method: string, args: readonly unknown[], kinds: readonly ArgKind[]): void {
  if (args.length !== kinds.length) {
    throw new MortError('bad_request', `invalid script call: ${method} takes ${kinds.length}`);
  }
  kinds.forEach((kind, index) => {
    if (!isArg[kind](args[index])) {
      throw new MortError('bad_request', `invalid script call: ${method} argument ${index + 1}`);
    }
  });
}

/** The `obj.transforms` methods over one record. Watermarks count as request input (§12.30). */
export function transformsApi(record: TransformRecord): ScriptTransforms {
  // Rest parameters so that arity is checked at run time, as Tengo did.
  const method =
    <A extends unknown[]>(name: string, kinds: readonly ArgKind[], apply: (...args: A) => void) =>
    (...args: unknown[]) => {
      checkArgs(name, args, kinds);
      apply(...(args as A));
    };

  return Object.freeze({
    resize: method('resize', ['int', 'int', 'bool', 'bool', 'bool'], record.resize.bind(record)),
    extract: method('extract', ['int', 'int', 'int', 'int'], record.extract.bind(record)),
    crop: method('crop', ['int', 'int', 'string', 'bool', 'bool'], record.setCrop.bind(record)),
    resizeCropAuto: method('resizeCropAuto', ['int', 'int'], record.resizeCropAuto.bind(record)),
    interlace: method('interlace', [], () => record.setInterlace()),
    quality: method('quality', ['int'], record.setQuality.bind(record)),
    stripMetadata: method('stripMetadata', [], () => record.stripMetadata()),
    blur: method('blur', ['number', 'number'], record.setBlur.bind(record)),
    format: method('format', ['string'], record.setFormat.bind(record)),
    watermark: method(
      'watermark',
      ['string', 'string', 'number'],
      (image: string, position: string, opacity: number) =>
        record.setWatermark(image, position, opacity, 'request'),
    ),
    grayscale: method('grayscale', [], () => record.setGrayscale()),
    rotate: method('rotate', ['int'], record.setRotate.bind(record)),
  });
}
