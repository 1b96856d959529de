// Mapping (container, storage key) to a path under rootPath, and proving the result stays
// inside the container even when symlinks are involved. Keys were already refused by
// keys.ts when unsafe; this second check runs on the real, resolved path.

import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { storageUnavailable, unsafeKey } from './errors.ts';

/** Files of one local storage live at `<rootPath>/<container>/<storage key>`. */
export class RootedPaths {
  constructor(private readonly rootPath: string) {}

  /**
   * Absolute path of the container directory. With `create`, it is made when missing; the
   * root itself must exist, else the storage is unavailable (503, retried next request).
   */
  async containerDir(container: string, create: boolean): Promise<string> {
    const root = await this.realRoot();
    const dir = join(root, container);

    if (create) await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Absolute path for a storage key (`/a/b.jpg`, `/` for the container itself). */
  async resolve(containerDir: string, storageKey: string): Promise<string> {
    const target = join(containerDir, storageKey);

    assertInside(containerDir, target);
    assertInside(await realOrSelf(containerDir), await realPathOfNearest(target));
    return target;
  }

  private async realRoot(): Promise<string> {
    try {
      const root = await realpath(this.rootPath);
      if (!(await stat(root)).isDirectory()) throw new Error('rootPath is not a directory');

      return root;
    } catch (error) {
      throw storageUnavailable('storage root is not available', error);
    }
  }
}

function assertInside(base: string, target: string): void {
  const path = relative(base, target);
  const isOutside = path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path);

  if (isOutside) throw unsafeKey('path resolves outside the container');
}

async function realOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

// Real path of the deepest existing ancestor plus the part that does not exist yet: a symlink
// anywhere on the way is followed before the containment check.
async function realPathOfNearest(target: string): Promise<string> {
  let missing = '';
  let current = target;

  for (;;) {
    try {
      return join(await realpath(current), missing);
    } catch {
      const parent = dirname(current);
      if (parent === current) return target;

      missing = join(basename(current), missing);
      current = parent;
    }
  }
}
