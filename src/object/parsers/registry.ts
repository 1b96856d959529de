// Transform kinds by name. The four URL notations of SPEC §4.2 are built in; `cloudinary`
// and `script` (the Tengo replacement) live in their own modules and register themselves
// here at start-up with registerKindParser, so resolution never needs to know them.

import { parseBase64Presets, parsePresets } from './presets.ts';
import { parsePresetsQuery, parseQuery } from './query.ts';
import type { KindParser } from './types.ts';

const parsers = new Map<string, KindParser>([
  ['presets', parsePresets],
  ['query', parseQuery],
  ['presets-query', parsePresetsQuery],
  ['base64_presets', parseBase64Presets],
]);

/** Adds (or replaces) the parser of a transform kind. */
export function registerKindParser(kind: string, parser: KindParser): void {
  parsers.set(kind, parser);
}

/** The parser of a kind, or undefined when none is registered. */
export function kindParser(kind: string): KindParser | undefined {
  return parsers.get(kind);
}
