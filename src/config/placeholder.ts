// Loads `server.placeholder` once at start-up (SPEC §6.9): an unfetchable placeholder must stop
// the server then, not surface as a broken error reply under load.

import { readFile } from 'node:fs/promises';

import type { ProblemList } from './errors.ts';
import { describeIoError } from './script.ts';

const FETCH_TIMEOUT_MS = 10_000;

/** Fetches an `http…` URL or reads a file path (relative to the working directory). */
export async function loadPlaceholder(
  source: string,
  problemPath: string,
  problems: ProblemList,
): Promise<Uint8Array | undefined> {
  const bytes = source.startsWith('http')
    ? await fetchPlaceholder(source, problemPath, problems)
    : await readPlaceholder(source, problemPath, problems);

  if (bytes !== undefined && bytes.length === 0) {
    problems.add(problemPath, `${source} is empty`);
    return undefined;
  }

  return bytes;
}

async function fetchPlaceholder(url: string, problemPath: string, problems: ProblemList) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });

    if (!response.ok) {
      problems.add(problemPath, `cannot fetch ${url}: HTTP ${response.status}`);
      return undefined;
    }

    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    problems.add(problemPath, `cannot fetch ${url}: ${(error as Error).message}`);
    return undefined;
  }
}

async function readPlaceholder(path: string, problemPath: string, problems: ProblemList) {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    problems.add(problemPath, `cannot read ${path}: ${describeIoError(error)}`);
    return undefined;
  }
}
