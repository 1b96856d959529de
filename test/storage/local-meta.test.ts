import { describe, expect, test } from 'bun:test';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createStorage, DirectoryObjectError } from '../../src/storage/index.ts';
import { encodeMetaHeader } from '../../src/storage/meta-header.ts';
import { runStorageContract } from './contract.ts';
import { expectMortError, makeTempDir, useTempDirs, readAll, streamOf, text } from './helpers.ts';

runStorageContract(
  'local-meta',
  { isWritable: true, canList: true, persists: true, keepsMetadata: true },
  async () => {
    const dir = await makeTempDir();
    const storage = createStorage({ kind: 'local-meta', rootPath: dir.path });

    return {
      storage,
      bucket: 'media',
      seed: async (key, bytes, contentType, meta) => {
        const options = { contentType, metadata: meta };
        await storage.put({ bucket: 'media', key }, bytes, options);
      },
      cleanup: dir.remove,
    };
  },
);

const tempDir = useTempDirs();

// Header for { "content-type": "image/png" } built by hand from SPEC §8.3 and MessagePack:
// fixmap of 1 (0x81), fixstr of 12 (0xac) "content-type", fixstr of 9 (0xa9) "image/png".
const HAND_BUILT_HEADER = Uint8Array.from([
  0x12, 0x34, 0x01,
  0x18, 0x00, 0x00, 0x00,
  0x81,
  0xac, ...text('content-type'),
  0xa9, ...text('image/png'),
]);

async function setup() {
  const root = await tempDir();
  const storage = createStorage({ kind: 'local-meta', rootPath: root });
  await mkdir(join(root, 'media'), { recursive: true });

  return { root, storage, file: (name: string) => join(root, 'media', name) };
}

describe('local-meta file format', () => {
  test('the hand-built header is 7 + 24 bytes, as the spec layout says', () => {
    expect(HAND_BUILT_HEADER.length).toBe(31);
    expect(encodeMetaHeader({ 'content-type': 'image/png' })).toEqual(HAND_BUILT_HEADER);
  });

  test('reads a file written with a Go Mort header', async () => {
    const { storage, file } = await setup();
    const content = text('PNG bytes here');
    await writeFile(file('go.bin'), Buffer.concat([HAND_BUILT_HEADER, content]));

    const result = await storage.get({ bucket: 'media', key: '/go.bin' });

    expect(result.headers['content-type']).toBe('image/png');
    expect(result.metadata.size).toBe(content.length);
    expect(result.headers['content-length']).toBe(String(content.length));
    expect(await readAll(result.body)).toEqual(content);
  });

  test('writes exactly the header bytes Go Mort reads, followed by the content', async () => {
    const { storage, file } = await setup();

    await storage.put({ bucket: 'media', key: '/new.bin' }, text('abc'), {
      contentType: 'image/png',
    });

    const raw = new Uint8Array(await readFile(file('new.bin')));
    expect(raw.subarray(0, HAND_BUILT_HEADER.length)).toEqual(HAND_BUILT_HEADER);
    expect(raw.subarray(HAND_BUILT_HEADER.length)).toEqual(text('abc'));
  });

  test('decodes str8 values, map16 maps and mixed-case names', async () => {
    const { storage, file } = await setup();
    const longValue = 'v'.repeat(40);
    const packed = Uint8Array.from([
      0xde, 0x00, 0x02,
      0xad, ...text('Cache-Control'),
      0xa9, ...text('max-age=9'),
      0xb0, ...text('x-amz-meta-notes'),
      0xd9, 40, ...text(longValue),
    ]);
    const prefix = Uint8Array.from([0x12, 0x34, 0x01, packed.length, 0, 0, 0]);
    await writeFile(file('a.jpg'), Buffer.concat([prefix, packed, text('jpeg')]));

    const head = await storage.head({ bucket: 'media', key: '/a.jpg' });

    expect(head.headers['cache-control']).toBe('max-age=9');
    expect(head.headers['x-amz-meta-notes']).toBe(longValue);
    expect(head.headers['content-type']).toBe('image/jpeg');
    expect(head.metadata.size).toBe(4);
  });

  test('a file without the magic bytes is served whole', async () => {
    const { storage, file } = await setup();
    await writeFile(file('plain.css'), 'body { color: red }');

    const result = await storage.get({ bucket: 'media', key: '/plain.css' });

    expect(result.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(new TextDecoder().decode(await readAll(result.body))).toBe('body { color: red }');
  });

  test('a header longer than the file is a 500, not a crash', async () => {
    const { storage, file } = await setup();
    await writeFile(file('bad.jpg'), Uint8Array.from([0x12, 0x34, 0x01, 0xff, 0, 0, 0, 0x80]));

    await expectMortError(storage.get({ bucket: 'media', key: '/bad.jpg' }), 'internal');
  });

  test('the ETag is a weak validator derived from the mtime', async () => {
    const { storage } = await setup();
    await storage.put({ bucket: 'media', key: '/e.jpg' }, text('x'));

    const head = await storage.head({ bucket: 'media', key: '/e.jpg' });

    expect(head.headers['etag']).toMatch(/^W\/"[0-9a-f]{32}"$/);
  });
});

describe('local-meta writes', () => {
  test('a zero-length put creates a directory, which GET refuses as a directory', async () => {
    const { storage } = await setup();

    await storage.put({ bucket: 'media', key: '/folder/' }, streamOf([]), { contentLength: 0 });

    const head = await storage.head({ bucket: 'media', key: '/folder' });
    expect(head.metadata.isDirectory).toBe(true);
    expect(head.headers['content-type']).toBe('application/directory');
    const error = await storage.get({ bucket: 'media', key: '/folder' }).catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryObjectError);
    expect(error.status).toBe(404);
  });

  test('a stream without a length is refused and leaves nothing', async () => {
    const { root, storage, file } = await setup();

    await expectMortError(
      storage.put({ bucket: 'media', key: '/n.jpg' }, streamOf([text('abc')])),
      'internal',
    );
    expect(await readdir(join(root, 'media'))).toEqual([]);
    await expect(readFile(file('n.jpg'))).rejects.toThrow();
  });

  test('a body longer or shorter than Content-Length is a 500 and no temp file stays', async () => {
    const { root, storage } = await setup();
    const at = { bucket: 'media', key: '/sub/l.jpg' };

    const length = { contentLength: 3 };

    await expectMortError(storage.put(at, streamOf([text('abcdef')]), length), 'internal');
    await expectMortError(storage.put(at, streamOf([text('ab')]), length), 'internal');
    await expectMortError(storage.put(at, text('ab'), length), 'internal');

    expect(await readdir(join(root, 'media', 'sub'))).toEqual([]);
  });

  test('storage headers are stored first and request metadata overrides them', async () => {
    const root = await tempDir();
    const storage = createStorage({
      kind: 'local-meta',
      rootPath: root,
      headers: { 'Cache-Control': 'max-age=60', 'x-amz-meta-a': 'storage' },
    });
    const at = { bucket: 'media', key: '/h.jpg' };

    await storage.put(at, text('x'), { metadata: { 'x-amz-meta-a': 'request' } });

    const head = await storage.head(at);
    expect(head.headers['cache-control']).toBe('max-age=60');
    expect(head.headers['x-amz-meta-a']).toBe('request');
  });

  test('delete removes a directory recursively', async () => {
    const { storage } = await setup();
    await storage.put({ bucket: 'media', key: '/tree/a/b.jpg' }, text('x'));

    await storage.delete({ bucket: 'media', key: '/tree' });

    await expectMortError(storage.head({ bucket: 'media', key: '/tree/a/b.jpg' }), 'not_found');
  });

  test('deleting the container itself is refused', async () => {
    const { storage } = await setup();

    await expectMortError(storage.delete({ bucket: 'media', key: '/' }), 'bad_request');
  });
});

describe('local-meta paths', () => {
  test('pathPrefix and the bucket override choose the file location', async () => {
    const root = await tempDir();
    const storage = createStorage({
      kind: 'local-meta',
      rootPath: root,
      pathPrefix: 'pre/fix',
      bucket: 'other',
    });

    await storage.put({ bucket: 'media', key: '/a.jpg' }, text('x'));

    const raw = await readFile(join(root, 'other', 'pre', 'fix', 'a.jpg'));
    expect(raw.subarray(-1).toString()).toBe('x');
    const listing = await storage.list('media', {});
    expect(listing.entries.map((e) => e.key)).toEqual(['a.jpg']);
  });

  test('a symlink pointing outside the container is refused', async () => {
    const { storage, file } = await setup();
    const outside = await tempDir();
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await symlink(outside, file('link'));

    await expectMortError(storage.get({ bucket: 'media', key: '/link/secret.txt' }), 'bad_request');
    await expectMortError(
      storage.put({ bucket: 'media', key: '/link/new.txt' }, text('x')),
      'bad_request',
    );
  });

  test('a missing rootPath makes the storage unavailable (503)', async () => {
    const storage = createStorage({ kind: 'local-meta', rootPath: '/nonexistent/mort-root' });

    const error = await expectMortError(storage.head({ bucket: 'b', key: '/a' }), 'unavailable');
    expect(error.status).toBe(503);
  });

  test('a FIFO or a socket is not an object: refused at once, left out of listings', async () => {
    const { storage, file } = await setup();
    expect(Bun.spawnSync(['mkfifo', file('pipe.jpg')]).exitCode).toBe(0);
    const socket = Bun.listen({ unix: file('sock.jpg'), socket: { data() {} } });
    await expectMortError(storage.get({ bucket: 'media', key: '/sock.jpg' }), 'not_found');
    await expectMortError(storage.head({ bucket: 'media', key: '/sock.jpg' }), 'not_found');
    await storage.put({ bucket: 'media', key: '/real.jpg' }, text('jpeg'));

    // Several at once: each would hold a file-system thread if open() blocked.
    const attempts = Array.from({ length: 6 }, () =>
      expectMortError(storage.get({ bucket: 'media', key: '/pipe.jpg' }), 'not_found'));
    await Promise.all([...attempts,
      expectMortError(storage.head({ bucket: 'media', key: '/pipe.jpg' }), 'not_found')]);
    const real = await storage.get({ bucket: 'media', key: '/real.jpg' });
    expect(new TextDecoder().decode(await readAll(real.body))).toBe('jpeg');
    const listing = await storage.list('media');
    expect(listing.entries.map((e) => e.key)).toEqual(['real.jpg']);
    socket.stop(true);
  });

  test('listings hide temporary files of writes in progress', async () => {
    const { storage, file } = await setup();
    await writeFile(file('.x.jpg.0000.mort-tmp'), 'partial');
    await storage.put({ bucket: 'media', key: '/x.jpg' }, text('done'));

    const listing = await storage.list('media', { delimiter: '/' });

    expect(listing.entries.map((e) => e.key)).toEqual(['x.jpg']);
    expect(listing.entries[0]?.size).toBe(4);
  });
});

describe('keys the file system cannot hold', () => {
  test('a 255-byte name is stored; a longer one is a 400, not a 500', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local-meta', rootPath: root });
    const longest = `/${'c'.repeat(251)}.txt`;
    await storage.put({ bucket: 'b', key: longest }, new TextEncoder().encode('x'));
    const body = await readAll((await storage.get({ bucket: 'b', key: longest })).body);
    expect(new TextDecoder().decode(body)).toBe('x');
    const error = await expectMortError(
      storage.put({ bucket: 'b', key: `/${'c'.repeat(300)}.txt` }, new Uint8Array([1])),
      'bad_request');
    expect(error.status).toBe(400);
  });

  test('a key below an existing object is a 409 conflict', async () => {
    const root = await tempDir();
    const storage = createStorage({ kind: 'local-meta', rootPath: root });
    await storage.put({ bucket: 'b', key: '/photo.jpg' }, new Uint8Array([1]));
    const error = await expectMortError(
      storage.put({ bucket: 'b', key: '/photo.jpg/child.txt' }, new Uint8Array([2])), 'conflict');
    expect(error.status).toBe(409);
  });
});
