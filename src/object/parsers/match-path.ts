// Matching a key against `transform.path` and reading its named groups, for every kind that
// has a path regexp (presets, base64_presets, and later cloudinary).

import { MortError } from '../../errors.ts';
import type { TransformShape } from '../config-shape.ts';

/** Named groups of a match; a group that did not take part reads as `""`, as in Go. */
export type PathGroups = Readonly<Record<string, string>>;

// Fallback for configs that carry only the source text. config/ normally hands us a compiled,
// fully RE2-translated `pathRegexp`; this handles the `(?P<name>` spelling only.
const compiled = new WeakMap<TransformShape, RegExp>();

function pathRegexpOf(transform: TransformShape): RegExp | undefined {
  if (transform.pathRegexp) return transform.pathRegexp;
  if (!transform.path) return undefined;

  let regexp = compiled.get(transform);
  if (regexp === undefined) {
    try {
      regexp = new RegExp(transform.path.replaceAll('(?P<', '(?<'));
    } catch {
      throw new MortError('internal', 'invalid transform path', { detail: transform.path });
    }
    compiled.set(transform, regexp);
  }
  return regexp;
}

/** Groups of the first (unanchored) match of the key, or undefined when it does not match. */
export function matchPath(transform: TransformShape, key: string): PathGroups | undefined {
  const regexp = pathRegexpOf(transform);
  if (regexp === undefined) return undefined;

  // A `g`/`y` RegExp would carry lastIndex between requests; always match from the start.
  regexp.lastIndex = 0;
  const match = regexp.exec(key);
  if (match === null) return undefined;

  const groups: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) groups[name] = value ?? '';
  return groups;
}
