import { describe, expect, test } from 'bun:test';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStorage } from '../../src/storage/index.ts';
import { runStorageContract } from './contract.ts';
import {
  expectMortError,
  makeTempDir,
  useTempDirs,
  patternBytes,
  readAll,
  streamOf,
  text,
} from './helpers.ts';

runStorageContract(
  'local',
  { isWritable: true, canList: true, persists: true, keepsMetadata: false },
  async () => {
    const dir = await makeTempDir();
    const storage = createStorage({ kind: 'local', rootPath: dir.path });

    return {
      storage,
      bucket: 'files',
      seed: async (key, bytes, contentType) => {
        await storage.put({ bucket: 'files', key }, bytes, { contentType });
      },
      cleanup: dir.remove,
    };
  },
);

const tempDir = useTempDirs();

describe('local storage', () => {
  test('files are stored as plain bytes without a header', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });

    await storage.put({ bucket: 'files', key: '/a/b.png' }, text('png'), {
      contentType: 'image/png',
      metadata: { 'x-amz-meta-k': 'v' },
    });

    expect(await readFile(join(root, 'files', 'a', 'b.png'), 'utf8')).toBe('png');
  });

  test('the content type comes from the extension, else from the bytes', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });
    await mkdir(join(root, 'files'));
    await writeFile(join(root, 'files', 'photo.JPG'), 'not really a jpeg');
    const pngSignature = Uint8Array.of(0x89, ...text('PNG\r\n\x1a\n'));
    await writeFile(join(root, 'files', 'noext'), pngSignature);
    await writeFile(join(root, 'files', 'readme'), 'plain words');

    const byExtension = await storage.head({ bucket: 'files', key: '/photo.JPG' });
    const sniffedPng = await storage.head({ bucket: 'files', key: '/noext' });
    const sniffedText = await storage.head({ bucket: 'files', key: '/readme' });

    expect(byExtension.headers['content-type']).toBe('image/jpeg');
    expect(sniffedPng.headers['content-type']).toBe('image/png');
    expect(sniffedText.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('an upload stream that fails midway leaves no temporary file', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });
    const body = streamOf([patternBytes(100_000)], new Error('connection reset'));

    await expect(storage.put({ bucket: 'files', key: '/up/x.bin' }, body)).rejects.toThrow();

    expect(await readdir(join(root, 'files', 'up'))).toEqual([]);
  });

  test('a zero-length put creates an empty file', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });

    await storage.put({ bucket: 'files', key: '/empty.txt' }, new Uint8Array());

    expect((await stat(join(root, 'files', 'empty.txt'))).isFile()).toBe(true);
    const result = await storage.get({ bucket: 'files', key: '/empty.txt' });
    expect(await readAll(result.body)).toEqual(new Uint8Array());
  });

  test('the ETag is a quoted rendering of mtime and size', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });

    const put = await storage.put({ bucket: 'files', key: '/e.txt' }, text('abc'));
    const head = await storage.head({ bucket: 'files', key: '/e.txt' });

    expect(head.headers['etag']).toMatch(/^"[0-9a-f]+-3"$/);
    expect(put.etag).toBe(head.metadata.etag);
  });

  test('GET of a directory is a 404 directory error', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local', rootPath: root });
    await mkdir(join(root, 'files', 'sub'), { recursive: true });

    await expectMortError(storage.get({ bucket: 'files', key: '/sub' }), 'not_found');
  });
});
