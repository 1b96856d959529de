// The on-disk store of multipart uploads: ids that cannot name other folders, parts replaced
// atomically, and abandoned uploads expiring lazily.

import { afterEach, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { MultipartStore } from '../../../src/s3/api/multipart/store.ts';
import { tempDir } from '../../helpers/server.ts';

const HOUR = 60 * 60 * 1000;
const dirs: string[] = [];

function newStore(maxAgeMs = 24 * HOUR): { store: MultipartStore; dir: string } {
  const dir = join(tempDir('mort-multipart-test-'), 'uploads');
  dirs.push(dir);
  return { store: new MultipartStore(dir, maxAgeMs), dir };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(join(dir, '..'), { recursive: true, force: true });
});

const target = { bucket: 'media', key: '/a.bin', contentType: undefined, metadata: {} };

describe('MultipartStore', () => {
  test('refuses upload ids that are not its own format', async () => {
    const { store } = newStore();
    for (const id of ['', '../x', 'A'.repeat(32), `${'a'.repeat(31)}/`]) {
      await expect(store.open(id, 'media', '/a.bin')).rejects.toMatchObject({
        s3Code: 'NoSuchUpload',
      });
    }
  });

  test('a re-uploaded part replaces the earlier one and its data file', async () => {
    const { store, dir } = newStore();
    const id = await store.create(target);
    await store.writePart(id, 1, new TextEncoder().encode('first'), 5);
    const second = await store.writePart(id, 1, new TextEncoder().encode('second'), 6);

    expect((await store.parts(id)).map((part) => part.etag)).toEqual([second.etag]);
    const dataFiles = readdirSync(join(dir, id)).filter((name) => name.endsWith('.data'));
    expect(dataFiles).toEqual([second.file]);
  });

  test('a part of the wrong length is refused and leaves no file', async () => {
    const { store, dir } = newStore();
    const id = await store.create(target);
    await expect(store.writePart(id, 1, new TextEncoder().encode('four'), 5)).rejects
      .toMatchObject({ s3Code: 'IncompleteBody' });
    expect(readdirSync(join(dir, id))).toEqual(['upload.json']);
  });

  test('abandoned uploads are refused, then removed by a later create', async () => {
    const { store, dir } = newStore(HOUR);
    const now = Date.now();
    const old = await store.create(target, now - 2 * HOUR);
    await expect(store.open(old, 'media', '/a.bin', now)).rejects.toMatchObject({
      s3Code: 'NoSuchUpload',
    });

    // The first create ran the expiry check; the next one is due after the check interval.
    const fresh = await store.create(target, now + HOUR);
    expect(existsSync(join(dir, old))).toBe(false);
    expect((await store.open(fresh, 'media', '/a.bin', now + HOUR)).key).toBe('/a.bin');
  });
});
