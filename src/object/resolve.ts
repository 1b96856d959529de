// Request URL → MortObject (SPEC §4): bucket and key, the bucket's transform kind, the parent
// chain with its storages, and result keys. Every failure is a MortError; client mistakes are
// 400s, as §3 requires for resolution errors.

import { MortError } from '../errors.ts';
import { parseFormQuery, type QueryValues } from '../transforms/index.ts';
import type { BucketShape, ConfigShape } from './config-shape.ts';
import { kindParser } from './parsers/registry.ts';
import type { KindResult } from './parsers/types.ts';
import { assertSafePath, decodeRequestPath, splitPath } from './path.ts';
import { resultKey } from './result-key.ts';
import { NOOP_STORAGE, type MortObject, type StorageRef } from './types.ts';

/**
 * Longest parent chain followed. Real chains have two or three levels; a regexp whose parent
 * group can reproduce the whole key would otherwise recurse forever.
 */
export const MAX_PARENT_DEPTH = 8;

const EMPTY_QUERY: QueryValues = new Map();
const QUERY_KINDS = new Set(['query', 'presets-query']);

interface ResolveOptions {
  readonly url: URL | undefined;
  readonly query: QueryValues;
  readonly depth: number;
}

function findBucket(config: ConfigShape, name: string): BucketShape {
  const bucket = Object.hasOwn(config.buckets, name) ? config.buckets[name] : undefined;
  if (bucket === undefined) throw new MortError('bad_request', 'unknown bucket');
  return bucket;
}

function configured(bucket: string, name: string): StorageRef {
  return { type: 'configured', bucket, name };
}

/** §2.4: an empty `resultKey` means `hashParent` for the query kinds. */
export function resultKeyScheme(kind: string, written: string | undefined): string {
  return written || (QUERY_KINDS.has(kind) ? 'hashParent' : '');
}

function resolvePath(path: string, config: ConfigShape, options: ResolveOptions): MortObject {
  const { bucket: bucketName, key } = splitPath(path);
  const bucket = findBucket(config, bucketName);
  const isParent = options.depth > 0;
  const original: MortObject = {
    url: options.url,
    bucket: bucketName,
    requestKey: key,
    key,
    storage: configured(bucketName, 'basic'),
    kind: bucket.transform?.kind,
    transforms: undefined,
    parent: undefined,
    checkParent: false,
    allowChangeKey: !isParent,
  };

  const transform = bucket.transform;
  if (transform === undefined) return original;

  const parse = kindParser(transform.kind);
  if (parse === undefined) {
    // Config validation accepted a kind whose module is not loaded: our fault, not the client's.
    throw new MortError('internal', 'transform kind not available', { detail: transform.kind });
  }

  const { query, url } = options;
  const found: KindResult = parse({ bucketName, bucket, transform, key, query, url, isParent });
  const transforms = found.transforms?.notEmpty ? found.transforms : undefined;
  const allowChangeKey = !isParent && (found.allowChangeKey ?? true);
  if (found.parent === undefined) return { ...original, transforms, allowChangeKey };

  if (options.depth >= MAX_PARENT_DEPTH) {
    throw new MortError('bad_request', 'parent chain too long');
  }
  assertSafePath(found.parent);
  const parentOptions = { url: undefined, query: EMPTY_QUERY, depth: options.depth + 1 };
  const resolvedParent = resolvePath(found.parent, config, parentOptions);
  // Parents are read through this bucket's parentStorage, even from another bucket (§4.3).
  const parent = {
    ...resolvedParent,
    storage: configured(bucketName, transform.parentStorage || 'basic'),
  };

  let storage: StorageRef = NOOP_STORAGE;
  if (transforms && Object.hasOwn(bucket.storages, 'transform')) {
    storage = configured(bucketName, 'transform');
  }

  const scheme = resultKeyScheme(transform.kind, transform.resultKey);
  return {
    ...original,
    key: transforms && allowChangeKey ? resultKey(scheme, key, transforms, parent) : key,
    storage,
    transforms,
    parent,
    checkParent: found.checkParent ?? transform.checkParent ?? false,
    allowChangeKey,
  };
}

/**
 * Resolves a request URL against the configuration. The path is percent-decoded and checked
 * for traversal; the query is decoded as an HTML form. Throws MortError: 400 for bad paths,
 * unknown buckets or presets, invalid operations; 500 for a kind with no registered parser.
 */
export function resolveObject(url: URL, config: ConfigShape): MortObject {
  const path = decodeRequestPath(url.pathname);
  return resolvePath(path, config, { url, query: parseFormQuery(url.search), depth: 0 });
}

/**
 * Resolves an already-decoded path (`/<bucket>/<key>`) with an optional decoded query, e.g.
 * for S3 routes that have the path at hand. Applies the same safety checks.
 */
export function resolveDecodedPath(
  path: string,
  config: ConfigShape,
  query: QueryValues = EMPTY_QUERY,
): MortObject {
  assertSafePath(path);
  return resolvePath(path, config, { url: undefined, query, depth: 0 });
}
