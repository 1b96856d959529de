// Typed reading of one YAML map with problem collection. Each accessor returns undefined for an
// absent or null key and records a problem (with the key's dotted path) for a value of the wrong
// type, so one pass over the file reports every mistake. Type rules follow the reference's Go
// decoder: any scalar fills a string field with its source text; numbers and booleans must be
// real YAML numbers and booleans (a quoted "10" is not an int).

import type { ProblemList } from './errors.ts';
import type { ConfigNode, MapNode } from './yaml-tree.ts';

/** A YAML map at a known path, read key by key. */
export class Section {
  private readonly entries: ReadonlyMap<string, ConfigNode>;

  private constructor(
    entries: ReadonlyMap<string, ConfigNode>,
    readonly path: string,
    readonly problems: ProblemList,
  ) {
    this.entries = entries;
  }

  /** Wraps `node`; a non-map (other than null/absent) is reported and read as empty. */
  static of(node: ConfigNode | undefined, path: string, problems: ProblemList): Section {
    if (node !== undefined && node.kind !== 'map' && !isNull(node)) {
      problems.add(path, path === '' ? 'the file must contain a YAML map' : 'must be a map');
    }

    const entries = node?.kind === 'map' ? (node as MapNode).entries : new Map();

    return new Section(entries, path, problems);
  }

  /** Dotted path of a key of this section. */
  pathOf(key: string): string {
    return joinPath(this.path, key);
  }

  /** Keys in file order. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Raw node of a key. */
  node(key: string): ConfigNode | undefined {
    return this.entries.get(key);
  }

  /** True when the key is written, even as `~`. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** True when the key is absent or null. */
  isUnset(key: string): boolean {
    const node = this.entries.get(key);

    return node === undefined || isNull(node);
  }

  /** Nested map; undefined when absent or null. */
  section(key: string): Section | undefined {
    if (this.isUnset(key)) return undefined;

    return Section.of(this.entries.get(key), this.pathOf(key), this.problems);
  }

  /** Nested map, read as empty when absent or null (a non-map is reported). */
  child(key: string): Section {
    return Section.of(this.entries.get(key), this.pathOf(key), this.problems);
  }

  string(key: string): string | undefined {
    return readString(this.entries.get(key), this.pathOf(key), this.problems);
  }

  int(key: string): number | undefined {
    return readInt(this.entries.get(key), this.pathOf(key), this.problems);
  }

  number(key: string): number | undefined {
    const node = this.entries.get(key);

    if (node === undefined || isNull(node)) return undefined;
    if (node.kind === 'scalar' && typeof node.value === 'number') return node.value;

    this.problems.add(this.pathOf(key), `must be a number, got ${describe(node)}`);
    return undefined;
  }

  bool(key: string): boolean | undefined {
    const node = this.entries.get(key);

    if (node === undefined || isNull(node)) return undefined;
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;

    this.problems.add(this.pathOf(key), `must be a boolean, got ${describe(node)}`);
    return undefined;
  }

  stringList(key: string): string[] | undefined {
    return this.list(key, readString);
  }

  intList(key: string): number[] | undefined {
    return this.list(key, readInt);
  }

  /** Map of string → string; null values read as `""` like the reference. */
  stringMap(key: string): Record<string, string> | undefined {
    const section = this.section(key);

    if (section === undefined) return undefined;

    // fromEntries, not assignment: a key named `__proto__` must stay an ordinary entry.
    return Object.fromEntries(section.keys().map((name) => [name, section.string(name) ?? '']));
  }

  /** Sequence items with their paths; undefined when absent or null. */
  items(key: string): { node: ConfigNode; path: string }[] | undefined {
    const node = this.entries.get(key);
    const path = this.pathOf(key);

    if (node === undefined || isNull(node)) return undefined;
    if (node.kind !== 'seq') {
      this.problems.add(path, `must be a list, got ${describe(node)}`);
      return undefined;
    }

    return node.items.map((item, index) => ({ node: item, path: `${path}[${index}]` }));
  }

  private list<T>(
    key: string,
    readItem: (node: ConfigNode, path: string, problems: ProblemList) => T | undefined,
  ): T[] | undefined {
    const items = this.items(key);

    if (items === undefined) return undefined;

    const values: T[] = [];
    for (const item of items) {
      const value = readItem(item.node, item.path, this.problems);
      if (value !== undefined) values.push(value);
    }

    return values;
  }
}

/** `a.b` joined; the root path is empty. */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function readString(node: ConfigNode | undefined, path: string, problems: ProblemList) {
  if (node === undefined || isNull(node)) return undefined;
  if (node.kind === 'scalar') return node.text;

  problems.add(path, `must be a string, got ${describe(node)}`);
  return undefined;
}

function readInt(node: ConfigNode | undefined, path: string, problems: ProblemList) {
  if (node === undefined || isNull(node)) return undefined;
  if (node.kind === 'scalar' && Number.isInteger(node.value)) return node.value as number;

  problems.add(path, `must be an integer, got ${describe(node)}`);
  return undefined;
}

function isNull(node: ConfigNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function describe(node: ConfigNode): string {
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';

  return JSON.stringify(node.text);
}
