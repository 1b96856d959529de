// Shared helpers for the config tests.

import { join } from 'node:path';

import { ConfigError, parseConfig } from '../../src/config/index.ts';
import type { ConfigProblem, MortConfig, ParseOptions } from '../../src/config/index.ts';

export const FIXTURES_DIR = join(import.meta.dir, 'fixtures');

/** Parses with an empty environment and the fixtures as config directory. */
export function parse(text: string, options: ParseOptions = {}): Promise<MortConfig> {
  return parseConfig(text, { env: {}, configDir: FIXTURES_DIR, ...options });
}

/** Parses text that must fail and returns its problems. */
export async function problemsOf(
  text: string,
  options: ParseOptions = {},
): Promise<ConfigProblem[]> {
  try {
    await parse(text, options);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }

  throw new Error('expected a ConfigError');
}

/** Problem paths only, for compact assertions. */
export async function problemPathsOf(text: string): Promise<string[]> {
  return (await problemsOf(text)).map((problem) => problem.path);
}

/** A minimal valid bucket body (indented for use under `buckets.<name>:`). */
export const BASIC_STORAGES = `
    storages:
      basic: {kind: noop}`;
