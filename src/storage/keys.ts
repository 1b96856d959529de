// Turning object keys into storage keys (SPEC §8.1) and refusing keys that could step out of
// the container. Keys reach us already URL-decoded once; anything that would become a path
// separator or a `..` segment after further decoding is refused, not cleaned, so no later
// layer (or backend) that decodes again can be tricked.

import { unsafeKey } from './errors.ts';
import type { StorageDefinition } from './definition.ts';
import type { ObjectLocation } from './types.ts';

const MAX_DECODE_ROUNDS = 4;
// Encoded `/`, `\` and NUL have no business in a decoded key: refusing them blocks
// double-encoding tricks such as `..%2f` once some layer decodes the key again.
const ENCODED_SEPARATOR = /%(2f|5c|00)/i;

/** Throws `bad_request` when `key` (or any re-decoding of it) is unsafe. */
export function assertSafeKey(key: string): void {
  let current = key;

  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    if (current.includes('\0')) throw unsafeKey('NUL byte in key');
    if (current.includes('\\')) throw unsafeKey('backslash in key');
    if (ENCODED_SEPARATOR.test(current)) throw unsafeKey('encoded separator in key');
    if (current.split('/').includes('..')) throw unsafeKey('dot-dot segment in key');

    const decoded = decodeOnce(current);
    if (decoded === current) return;

    current = decoded;
  }

  throw unsafeKey('key is encoded too many times');
}

/** The key's path segments without empty and `.` segments; throws on unsafe keys. */
export function keySegments(key: string): string[] {
  assertSafeKey(key);

  return key.split('/').filter((segment) => segment !== '' && segment !== '.');
}

/**
 * Storage key = pathJoin(pathPrefix, key), always with a leading `/` and cleaned like Go's
 * path.Join (SPEC §8.1). The container root is `/`.
 */
export function toStorageKey(definition: StorageDefinition, key: string): string {
  const segments = [...keySegments(definition.pathPrefix ?? ''), ...keySegments(key)];

  return `/${segments.join('/')}`;
}

/** Container = the definition's `bucket` override, else the object's bucket (SPEC §8.1). */
export function toContainer(definition: StorageDefinition, bucket: string): string {
  const container = definition.bucket || bucket;
  const isPlainName = container !== '' && container !== '.' && container !== '..';

  if (!isPlainName || container.includes('/')) throw unsafeKey('invalid container name');

  assertSafeKey(container);
  return container;
}

/** Both halves of a location resolved for one storage definition. */
export function resolveLocation(
  definition: StorageDefinition,
  location: ObjectLocation,
): { container: string; storageKey: string } {
  return {
    container: toContainer(definition, location.bucket),
    storageKey: toStorageKey(definition, location.key),
  };
}

/**
 * The pathPrefix as a listing base: `""` or `a/b/`. Listing keys are reported relative to the
 * bucket, so this is prepended to the S3 prefix and stripped from every found key.
 */
export function listingBase(definition: StorageDefinition): string {
  const segments = keySegments(definition.pathPrefix ?? '');

  return segments.length === 0 ? '' : `${segments.join('/')}/`;
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: no layer can decode it further either.
    return text;
  }
}
