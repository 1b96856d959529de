import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createStorage } from '../../src/storage/index.ts';
import { runStorageContract } from './contract.ts';
import { expectMortError, makeTempDir, patternBytes, readAll } from './helpers.ts';

interface StoredFile {
  contentType: string;
  meta: Record<string, string>;
}

/** A real upstream: serves files of a temp dir with HEAD, single ranges and validators. */
async function startUpstream(options: { isRangeIgnored?: boolean } = {}) {
  const dir = await makeTempDir();
  const files = new Map<string, StoredFile>();
  const requests: Request[] = [];
  const overrides = new Map<string, Record<string, string>>();
  const failing = new Set<string>();

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      requests.push(request);
      const path = decodeURIComponent(new URL(request.url).pathname);
      if (failing.has(path)) return new Response('boom', { status: 500 });

      const stored = files.get(path);
      if (!stored) return new Response('missing', { status: 404 });

      const file = Bun.file(join(dir.path, path));
      const headers: Record<string, string> = {
        'content-type': stored.contentType,
        etag: 'W/"abc123"',
        'last-modified': new Date(file.lastModified).toUTCString(),
        ...stored.meta,
        ...overrides.get(path),
      };

      const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get('range') ?? '');
      if (!range || options.isRangeIgnored) return new Response(file, { headers });

      const start = Number(range[1]);
      if (start >= file.size) return new Response(null, { status: 416 });

      const end = Math.min(Number(range[2]), file.size - 1);
      headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
      return new Response(file.slice(start, end + 1), { status: 206, headers });
    },
  });

  const seed = async (path: string, bytes: Uint8Array, contentType: string, meta = {}) => {
    await mkdir(dirname(join(dir.path, path)), { recursive: true });
    await writeFile(join(dir.path, path), bytes);
    files.set(path, { contentType, meta });
  };

  const stop = async () => {
    server.stop(true);
    await dir.remove();
  };

  return { url: `http://127.0.0.1:${server.port}`, seed, stop, requests, overrides, failing };
}

runStorageContract(
  'http',
  { isWritable: false, canList: false, persists: true, keepsMetadata: true },
  async () => {
    const upstream = await startUpstream();
    const storage = createStorage({ kind: 'http', url: `${upstream.url}/<container>/o<item>` });

    return {
      storage,
      bucket: 'cdn',
      seed: (key, bytes, type, meta) => upstream.seed(`/cdn/o${key}`, bytes, type, meta),
      cleanup: upstream.stop,
    };
  },
);

describe('http storage', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;

  beforeAll(async () => {
    upstream = await startUpstream({ isRangeIgnored: true });
  });

  afterAll(async () => {
    await upstream.stop();
  });

  test('fills the URL template and sends the configured headers', async () => {
    const storage = createStorage({
      kind: 'http',
      url: `${upstream.url}/<container>/x<item>`,
      headers: { 'x-origin-token': 'secret' },
      bucket: 'box',
      pathPrefix: 'p',
    });
    await upstream.seed('/box/x/p/a b.jpg', patternBytes(4), 'image/jpeg');

    const result = await storage.head({ bucket: 'ignored', key: '/a b.jpg' });

    const request = upstream.requests.at(-1);
    expect(request?.method).toBe('HEAD');
    expect(new URL(request?.url ?? '').pathname).toBe('/box/x/p/a%20b.jpg');
    expect(request?.headers.get('x-origin-token')).toBe('secret');
    expect(result.metadata.size).toBe(4);
  });

  test('ETags lose W/ and are re-quoted', async () => {
    const storage = createStorage({ kind: 'http', url: `${upstream.url}<item>` });
    await upstream.seed('/e.png', patternBytes(8), 'image/png');

    const head = await storage.head({ bucket: 'b', key: '/e.png' });

    expect(head.headers['etag']).toBe('"abc123"');
  });

  test('cuts the range itself when the upstream ignores Range', async () => {
    const storage = createStorage({ kind: 'http', url: `${upstream.url}<item>` });
    const content = patternBytes(200_000);
    await upstream.seed('/big.bin', content, 'application/octet-stream');

    const range = { start: 70_000, end: 140_009 };
    const result = await storage.get({ bucket: 'b', key: '/big.bin' }, { range });

    expect(result.status).toBe(206);
    expect(result.headers['content-range']).toBe('bytes 70000-140009/200000');
    expect(await readAll(result.body)).toEqual(content.subarray(70_000, 140_010));
  });

  test('an unparsable Last-Modified is a 500', async () => {
    const storage = createStorage({ kind: 'http', url: `${upstream.url}<item>` });
    await upstream.seed('/lm.jpg', patternBytes(3), 'image/jpeg');
    upstream.overrides.set('/lm.jpg', { 'last-modified': 'yesterday-ish' });

    await expectMortError(storage.head({ bucket: 'b', key: '/lm.jpg' }), 'internal');
  });

  test('an upstream error status is a 500', async () => {
    const storage = createStorage({ kind: 'http', url: `${upstream.url}<item>` });
    await upstream.seed('/down.jpg', patternBytes(3), 'image/jpeg');
    upstream.failing.add('/down.jpg');

    await expectMortError(storage.head({ bucket: 'b', key: '/down.jpg' }), 'internal');
    await expectMortError(storage.get({ bucket: 'b', key: '/down.jpg' }), 'internal');
  });

  test('an unreachable upstream is a 500', async () => {
    const storage = createStorage({ kind: 'http', url: 'http://127.0.0.1:1<item>' });

    await expectMortError(storage.head({ bucket: 'b', key: '/a.jpg' }), 'internal');
  });
});
