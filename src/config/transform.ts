// `buckets.<name>.transform` (SPEC §2.6.1, §2.6.3, §4.2).

import { readPresets } from './presets.ts';
import type { Section } from './read.ts';
import { compilePathRegexp } from './regexp.ts';
import { checkScript, resolveScriptPath } from './script.ts';
import type { ResultKeyKind, TransformConfig, TransformKind } from './types.ts';

const TRANSFORM_KINDS: readonly TransformKind[] = [
  'presets',
  'query',
  'presets-query',
  'base64_presets',
  'cloudinary',
  'script',
];

// Kinds that read named groups from `path`; without it they could never match.
const KINDS_NEEDING_PATH: readonly TransformKind[] = [
  'presets',
  'presets-query',
  'base64_presets',
  'cloudinary',
];

/** What a transform is checked against: the rest of the configuration. */
export interface TransformContext {
  /** Storage names written in this bucket (valid or not; invalid ones are reported already). */
  readonly storageNames: ReadonlySet<string>;
  readonly bucketNames: ReadonlySet<string>;
  /** Base directory of relative `scriptPath` values. */
  readonly configDir: string;
}

/** Reads and validates a transform; undefined when its kind is unusable. */
export function readTransform(
  transform: Section,
  context: TransformContext,
): TransformConfig | undefined {
  const kind = readKind(transform);
  const path = transform.string('path');
  const pathRegexp = path === undefined ? undefined : compilePath(transform, path);
  const parentBucket = transform.string('parentBucket') ?? '';
  const parentStorage = transform.string('parentStorage') || 'basic';

  if (path === undefined && kind !== undefined && KINDS_NEEDING_PATH.includes(kind)) {
    transform.problems.add(transform.pathOf('path'), `is required for kind ${kind}`);
  }

  if (kind === 'presets' && path !== undefined) checkPresetGroups(transform, path);

  if (parentBucket !== '' && !context.bucketNames.has(parentBucket)) {
    transform.problems.add(transform.pathOf('parentBucket'), `no bucket named "${parentBucket}"`);
  }

  // A missing `basic` is reported by the storages; repeating it here would only add noise.
  if (!context.storageNames.has(parentStorage) && transform.has('parentStorage')) {
    transform.problems.add(
      transform.pathOf('parentStorage'),
      `no storage named "${parentStorage}" in this bucket`,
    );
  }

  const scriptPath = kind === 'script' ? readScriptPath(transform, context.configDir) : undefined;

  if (kind === undefined) return undefined;

  return {
    kind,
    path,
    pathRegexp,
    presets: readPresets(transform.section('presets')),
    parentBucket,
    parentStorage,
    checkParent: transform.bool('checkParent') ?? false,
    resultKey: readResultKey(transform, kind),
    scriptPath,
  };
}

function readKind(transform: Section): TransformKind | undefined {
  const kind = transform.string('kind');
  const path = transform.pathOf('kind');

  if (kind === undefined || kind === '') {
    transform.problems.add(path, `is required (one of ${TRANSFORM_KINDS.join(', ')})`);
    return undefined;
  }

  if (kind === 'tengo') {
    transform.problems.add(
      path,
      'kind tengo is not supported: Tengo scripts are replaced by kind: "script" with ' +
        'scriptPath pointing to a TS/JS module that exports a parse function',
    );
    return undefined;
  }

  if (!(TRANSFORM_KINDS as readonly string[]).includes(kind)) {
    transform.problems.add(path, `unknown kind "${kind}" (one of ${TRANSFORM_KINDS.join(', ')})`);
    return undefined;
  }

  return kind as TransformKind;
}

function compilePath(transform: Section, path: string): RegExp | undefined {
  const compiled = compilePathRegexp(path);

  if (compiled.error !== undefined) {
    transform.problems.add(transform.pathOf('path'), compiled.error);
  }

  return compiled.regexp;
}

// The reference checks the text literally; the JS spelling `(?<name>` is accepted as well.
function checkPresetGroups(transform: Section, path: string): void {
  const missing = ['presetName', 'parent'].filter(
    (group) => !path.includes(`(?P<${group}>`) && !path.includes(`(?<${group}>`),
  );

  if (missing.length > 0) {
    const groups = missing.map((group) => `(?P<${group}>…)`).join(' and ');
    transform.problems.add(transform.pathOf('path'), `kind presets needs the group ${groups}`);
  }
}

function readScriptPath(transform: Section, configDir: string): string | undefined {
  const written = transform.string('scriptPath');

  if (written === undefined || written === '') {
    transform.problems.add(transform.pathOf('scriptPath'), 'is required for kind script');
    return undefined;
  }

  const absolute = resolveScriptPath(written, configDir);
  checkScript(absolute, transform.pathOf('scriptPath'), transform.problems);

  return absolute;
}

// Unknown values behave as "" in the reference; kept so existing storage keys do not move.
function readResultKey(transform: Section, kind: TransformKind): ResultKeyKind {
  const written = transform.string('resultKey') ?? '';

  if (written === 'hash' || written === 'hashParent') return written;
  if (written === '' && (kind === 'query' || kind === 'presets-query')) return 'hashParent';

  return '';
}
