// A real Bun.serve origin for the integration tests: files from a directory, served through
// the compress plugin and applyConditionals like the server's send step (SPEC §3, §6.14, §9.2).

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompressPluginConfig } from '../../src/config/types.ts';
import { applyConditionals } from '../../src/http/conditional.ts';
import { compress } from '../../src/plugins/compress.ts';
import { fileRangeable, type StreamCounts } from './helpers.ts';

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', bin: 'image/jpeg' };

export interface OriginServer {
  readonly url: string;
  /** File streams opened (full bodies and slices) and closed (ended or cancelled). */
  readonly streams: StreamCounts;
  stop(): Promise<void>;
}

/**
 * Serves `dir/<name>` as `/stream/<name>` (slices are ReadableStreams) and `/blob/<name>`
 * (slices are Bun.file Blobs), with ETag `"<size>"` and Last-Modified from the file's mtime.
 */
export function startOrigin(dir: string, config: CompressPluginConfig): OriginServer {
  const streams: StreamCounts = { opened: 0, closed: 0 };

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const [, mode, name = ''] = new URL(request.url).pathname.split('/');
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || (mode !== 'stream' && mode !== 'blob')) {
        return new Response('{"error":"item not found"}', { status: 404 });
      }

      const body = fileRangeable(path, info.size, streams, mode);
      const headers = new Headers({
        'content-type': TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
        'content-length': String(info.size),
        etag: `"${info.size}"`,
        'last-modified': info.mtime.toUTCString(),
        'accept-ranges': 'bytes',
      });
      const isHead = request.method === 'HEAD';
      const stream = isHead || info.size === 0 ? null : body.slice(0, info.size - 1);
      const origin = new Response(stream, { status: 200, headers });

      return applyConditionals(request, compress(request, origin, config), body);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    streams,
    stop: () => server.stop(true),
  };
}

/** Resolves once every opened file stream is closed; rejects after `timeoutMs`. */
export async function allStreamsClosed(server: OriginServer, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (server.streams.opened !== server.streams.closed) {
    if (Date.now() > deadline) {
      throw new Error(`leaked streams: ${JSON.stringify(server.streams)}`);
    }
    await Bun.sleep(5);
  }
}
