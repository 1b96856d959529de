// Collecting candidate keys from a directory tree for listings. With the `/` delimiter only
// one directory level is read, since everything deeper rolls up into a common prefix anyway;
// other delimiters need the whole subtree.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFileName } from './atomic-write.ts';

/**
 * Keys (relative to `baseDir`, `/`-separated, no leading `/`) found under the directory
 * `relativeDir` (`""` or ending in `/`). Sub-directories appear as `name/`: one level deep every
 * sub-directory does (it rolls up into the common prefix `name/`); recursively only empty
 * ones do, standing for S3 `dir/` markers.
 * Symlinks are skipped: listing must not reveal anything outside the container.
 */
export async function collectKeys(
  baseDir: string,
  relativeDir: string,
  isRecursive: boolean,
): Promise<string[]> {
  const keys: string[] = [];
  const pending = [relativeDir];

  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const entries = await readdir(join(baseDir, dir), { withFileTypes: true }).catch(
      () => [],
    );

    const visible = entries.filter((e) => !isTempFileName(e.name) && !e.isSymbolicLink());
    // In a recursive walk only an empty directory stands for itself, like an S3 marker.
    if (isRecursive && visible.length === 0 && dir !== relativeDir) keys.push(dir);

    for (const entry of visible) {
      const key = dir + entry.name;

      if (!entry.isDirectory()) keys.push(key);
      else if (isRecursive) pending.push(`${key}/`);
      else keys.push(`${key}/`);
    }
  }

  return keys;
}
