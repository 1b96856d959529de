// Entry points of the configuration module: read, expand, parse, default, validate, freeze.
// Every problem found is collected and thrown once as a ConfigError (SPEC §1, §2).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { buildAccessKeyIndex } from './access-keys.ts';
import { readBucket } from './bucket.ts';
import { expandEnv } from './env.ts';
import type { EnvLookup } from './env.ts';
import { ConfigError, ProblemList } from './errors.ts';
import { deepFreeze } from './freeze.ts';
import { readHeaderRules } from './header-rules.ts';
import { loadPlaceholder } from './placeholder.ts';
import { Section } from './read.ts';
import { describeIoError } from './script.ts';
import { readServer } from './server.ts';
import type { BucketConfig, MortConfig } from './types.ts';
import { parseYamlTree } from './yaml-tree.ts';

/** Options of `parseConfig` / `loadConfig`. */
export interface ParseOptions {
  /**
   * Base directory of relative `scriptPath` values. Default: env `MORT_CONFIG_DIR`, else
   * `./configuration` (the reference rule for `tengoPath`, SPEC §5.5).
   */
  readonly configDir?: string;
  /** Variables for `${NAME}` expansion and `MORT_CONFIG_DIR`. Default: `process.env`. */
  readonly env?: EnvLookup;
}

/** Reads and parses a config file; throws ConfigError (never a raw I/O or YAML error). */
export async function loadConfig(path: string, options: ParseOptions = {}): Promise<MortConfig> {
  let text: string;

  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { path: '', message: `cannot read config file ${path}: ${describeIoError(error)}` },
    ]);
  }

  return parseConfig(text, options);
}

/**
 * Parses config text into a deeply frozen MortConfig. Async because start-up checks do I/O:
 * the placeholder is fetched and `kind: script` modules are read and syntax-checked.
 */
export async function parseConfig(text: string, options: ParseOptions = {}): Promise<MortConfig> {
  const env = options.env ?? process.env;
  const configDir = resolve(options.configDir ?? (env['MORT_CONFIG_DIR'] || './configuration'));
  const problems = new ProblemList();
  const tree = parseYamlTree(expandEnv(text, env), problems);

  problems.throwIfAny();

  const root = Section.of(tree, '', problems);
  const server = readServer(root.child('server'));
  const headers = readHeaderRules(root);
  const buckets = readBuckets(root.child('buckets'), configDir);
  const placeholderBytes =
    server.placeholder === undefined
      ? undefined
      : await loadPlaceholder(server.placeholder, 'server.placeholder', problems);

  problems.throwIfAny();

  return deepFreeze({
    server: { ...server, placeholderBytes },
    headers,
    buckets: Object.fromEntries(buckets.map((bucket) => [bucket.name, bucket])),
    bucketNames: buckets.map((bucket) => bucket.name),
    accessKeyIndex: buildAccessKeyIndex(buckets),
  });
}

function readBuckets(buckets: Section, configDir: string): BucketConfig[] {
  const names = buckets.keys();
  const nameSet = new Set(names);

  return names.map((name) => readBucket(name, buckets.child(name), nameSet, configDir));
}
