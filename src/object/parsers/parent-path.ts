// Turning the parent text a kind extracted into a parent path (SPEC §4.2, last paragraph).

import { assertSafePath, pathJoin } from '../path.ts';

/**
 * Parent path for presets, base64_presets and cloudinary:
 * `"/" + pathJoin(parentBucket, p)` with a parent bucket, else `p` with a leading `/`.
 * The text is checked first: pathJoin would silently resolve `..` out of `parentBucket`.
 */
export function parentPathFrom(text: string, parentBucket: string | undefined): string {
  assertSafePath(text);

  if (parentBucket) return `/${pathJoin(parentBucket, text)}`;
  return text.startsWith('/') ? text : `/${text}`;
}
