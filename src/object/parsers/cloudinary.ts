// Kind `cloudinary` (SPEC §4.2, §10.1): the path regexp names a Cloudinary transformation
// definition (group `transformations`) and the parent (group `parent`).

import { parseCloudinaryNotation } from './cloudinary-notation.ts';
import { matchPath } from './match-path.ts';
import { parentPathFrom } from './parent-path.ts';
import type { KindContext, KindResult } from './types.ts';

/**
 * No match → original. A match yields the parent (with `parentBucket` applied as for presets)
 * and, when the `transformations` group is non-empty, its operations. An empty definition
 * serves the parent as is (§6.4). Notation errors are 400s.
 */
export function parseCloudinary(context: KindContext): KindResult {
  const groups = matchPath(context.transform, context.key);
  if (groups === undefined) return {};

  // Parsing is a few string splits; memoising by text (allowed by §10.1) would only add an
  // unbounded cache keyed by client input.
  const definition = groups['transformations'] ?? '';
  const transforms = definition === '' ? undefined : parseCloudinaryNotation(definition);
  const parent = parentPathFrom(groups['parent'] ?? '', context.transform.parentBucket);

  return transforms === undefined ? { parent } : { parent, transforms };
}
