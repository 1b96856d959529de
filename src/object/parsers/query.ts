// Kinds `query` and `presets-query` (SPEC §4.2): operations from the query string; the parent
// is the requested object itself, read from the parent storage.

import { MortError } from '../../errors.ts';
import { queryRecord } from '../../transforms/index.ts';
import { pathJoin } from '../path.ts';
import { matchPath } from './match-path.ts';
import { presetMatch } from './presets.ts';
import type { KindContext, KindResult } from './types.ts';

/** `query`: no operations → original; else parent = this path (or under `parentBucket`). */
export function parseQuery(context: KindContext): KindResult {
  const transforms = queryRecord(context.query);
  if (transforms === undefined) return {};

  const { parentBucket } = context.transform;
  const parent = parentBucket
    ? `/${pathJoin(parentBucket, context.key)}`
    : `/${context.bucketName}${context.key}`;
  return { parent, transforms };
}

/** `presets-query`: the preset when the regexp matches a valid preset, else `query`. */
export function parsePresetsQuery(context: KindContext): KindResult {
  const groups = matchPath(context.transform, context.key);
  if (groups) {
    try {
      const result = presetMatch(context, groups, (text) => text);
      if (result.transforms !== undefined || result.parent !== undefined) return result;
    } catch (err) {
      // Unknown or invalid preset: fall back to the query, as the reference does.
      if (!(err instanceof MortError) || err.code !== 'bad_request') throw err;
    }
  }
  return parseQuery(context);
}
