// Kinds `presets` and `base64_presets` (SPEC §4.2): the path regexp names a preset and a
// parent; the preset's record is the operation list.

import { MortError } from '../../errors.ts';
import { presetRecord, type PresetShape } from '../../transforms/index.ts';
import { decodeBase64Text } from './base64.ts';
import { matchPath, type PathGroups } from './match-path.ts';
import { parentPathFrom } from './parent-path.ts';
import type { KindContext, KindResult } from './types.ts';

/** Undefined when the bucket has no preset of that name. */
function findPreset(context: KindContext, name: string): PresetShape | undefined {
  const presets = context.transform.presets ?? {};
  return Object.hasOwn(presets, name) ? presets[name] : undefined;
}

/**
 * Result for a key that matched. An unknown preset is a 400 for the request itself; while
 * resolving a parent it means "no match" (§12.39), so a parent key that happens to match the
 * bucket's own regexp stays an original.
 */
export function presetMatch(
  context: KindContext,
  groups: PathGroups,
  decodeParent: (text: string) => string,
): KindResult {
  const preset = findPreset(context, groups['presetName'] ?? '');
  if (preset === undefined) {
    if (context.isParent) return {};
    throw new MortError('bad_request', 'unknown preset');
  }

  const parentText = decodeParent(groups['parent'] ?? '');
  return {
    parent: parentPathFrom(parentText, context.transform.parentBucket),
    transforms: presetRecord(preset),
  };
}

const asIs = (text: string) => text;

/** `presets`: no match → original; match → the preset, parent = group `parent`. */
export function parsePresets(context: KindContext): KindResult {
  const groups = matchPath(context.transform, context.key);
  return groups ? presetMatch(context, groups, asIs) : {};
}

/** `base64_presets`: as `presets`, with group `parent` base64-encoded. */
export function parseBase64Presets(context: KindContext): KindResult {
  const groups = matchPath(context.transform, context.key);
  return groups ? presetMatch(context, groups, decodeBase64Text) : {};
}
