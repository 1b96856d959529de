// Parses the (already env-expanded) text into a small tree that keeps each scalar's source
// text next to its YAML 1.1 value. The reference decodes into Go structs, where a string field
// receives the scalar as written (`accessKey: 0123` stays "0123", a preset named `on` stays
// "on"); plain `toJS()` would turn those into 83 and "true".

import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

import type { ProblemList } from './errors.ts';

/** A parsed YAML value: a scalar, a map keyed by source text, or a sequence. */
export type ConfigNode = ScalarNode | MapNode | SeqNode;

/** A scalar: its YAML 1.1 value (null for `~`/empty) and its source text. */
export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: unknown;
  readonly text: string;
}

/** A mapping; keys are source texts, merge keys (`<<`) already applied. */
export interface MapNode {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, ConfigNode>;
}

/** A sequence. */
export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly ConfigNode[];
}

// Aliases may nest or (in broken files) loop; real configs stay far below this.
const MAX_DEPTH = 64;

/** Parses YAML text with 1.1 scalars; syntax errors go to `problems` and yield undefined. */
export function parseYamlTree(text: string, problems: ProblemList): ConfigNode | undefined {
  // Duplicate keys: the reference's YAML decoder lets the last one win, so keep doing that.
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: true });

  for (const error of doc.errors) {
    problems.add('', `YAML syntax error: ${error.message.split('\n')[0]}`);
  }

  if (doc.errors.length > 0 || doc.contents === null) return undefined;

  try {
    return convert(doc, doc.contents, 0);
  } catch (error) {
    problems.add('', `YAML error: ${(error as Error).message}`);
    return undefined;
  }
}

function convert(doc: Document, node: unknown, depth: number): ConfigNode {
  if (depth > MAX_DEPTH) throw new Error('YAML aliases nest too deeply');

  if (isAlias(node)) return convert(doc, node.resolve(doc), depth + 1);
  if (isMap(node)) return convertMap(doc, node.items, depth);
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item) => convert(doc, item, depth + 1)) };
  }
  if (isScalar(node)) return convertScalar(node.value, node.source);

  return { kind: 'scalar', value: null, text: '' };
}

function convertScalar(value: unknown, source: unknown): ScalarNode {
  const text = typeof source === 'string' ? source : value === null ? '' : String(value);

  return { kind: 'scalar', value: value ?? null, text };
}

function convertMap(
  doc: Document,
  pairs: readonly { key: unknown; value: unknown }[],
  depth: number,
): MapNode {
  const entries = new Map<string, ConfigNode>();

  for (const pair of pairs) {
    if (isMergeKey(pair.key)) {
      mergeInto(entries, convert(doc, pair.value, depth + 1));
      continue;
    }

    entries.set(keyText(doc, pair.key, depth), convert(doc, pair.value, depth + 1));
  }

  return { kind: 'map', entries };
}

// `<<: *base` or `<<: [*a, *b]`: explicit keys win, earlier merge sources win over later ones.
function mergeInto(entries: Map<string, ConfigNode>, source: ConfigNode): void {
  const sources = source.kind === 'seq' ? source.items : [source];

  for (const item of sources) {
    if (item.kind !== 'map') continue;

    for (const [key, value] of item.entries) {
      if (!entries.has(key)) entries.set(key, value);
    }
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;

  return typeof key.value === 'symbol' || (key.source === '<<' && key.type === 'PLAIN');
}

function keyText(doc: Document, key: unknown, depth: number): string {
  const node = convert(doc, key as YamlNode, depth + 1);

  if (node.kind === 'scalar') return node.value === null ? '' : node.text;

  return JSON.stringify(toPlain(node));
}

/** Plain JS value of a tree (maps become objects); used for messages and complex keys. */
export function toPlain(node: ConfigNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);

  return Object.fromEntries([...node.entries].map(([key, value]) => [key, toPlain(value)]));
}
