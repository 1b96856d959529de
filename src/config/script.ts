// Start-up check of `kind: script` modules, the replacement for Tengo scripts (SPEC §5.5). The
// module is parsed, not executed: a syntax error or a missing `parse` export fails start-up, but
// nothing in the script runs before the server imports it.

import { readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';

import type { ProblemList } from './errors.ts';

const LOADERS: Readonly<Record<string, 'ts' | 'tsx' | 'js' | 'jsx'>> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

/** Absolute script path: as written when absolute, else relative to `configDir` (as tengoPath). */
export function resolveScriptPath(scriptPath: string, configDir: string): string {
  return isAbsolute(scriptPath) ? scriptPath : resolve(configDir, scriptPath);
}

/** Reports an unreadable module, a syntax error, or a missing `parse` export. */
export function checkScript(
  absolutePath: string,
  problemPath: string,
  problems: ProblemList,
): void {
  const loader = LOADERS[extname(absolutePath).toLowerCase()];

  if (loader === undefined) {
    problems.add(problemPath, `${absolutePath}: must be a .ts, .tsx, .js, .mjs or .cjs module`);
    return;
  }

  let code: string;
  try {
    code = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    problems.add(problemPath, `cannot read ${absolutePath}: ${describeIoError(error)}`);
    return;
  }

  let exported: readonly string[];
  try {
    exported = new Bun.Transpiler({ loader }).scan(code).exports;
  } catch (error) {
    const firstLine = String((error as Error).message).split('\n')[0];
    problems.add(problemPath, `${absolutePath} does not compile: ${firstLine}`);
    return;
  }

  if (!exported.includes('parse')) {
    problems.add(problemPath, `${absolutePath} must export a function named parse`);
  }
}

/** Short text for a file-system error (code rather than a stack). */
export function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown }).code;

  return typeof code === 'string' ? code : String((error as Error).message ?? error);
}
