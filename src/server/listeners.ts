// Public and internal listeners (SPEC §1): `host:port`, `:port` (all interfaces) and
// `unix:/path` sockets. Stopping drains in-flight requests for a bounded time.
import type { Server } from 'bun';
import { existsSync, unlinkSync } from 'node:fs';
import { log } from '../monitoring/log.ts';

export type ListenAddress =
  | { kind: 'tcp'; hostname: string; port: number }
  | { kind: 'unix'; path: string };

export interface Listener {
  address: string;
  url: string;
  stop(graceMs: number): Promise<void>;
}

export function parseListenAddress(address: string): ListenAddress {
  if (address.startsWith('unix:')) return { kind: 'unix', path: address.slice(5) };
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid listen address: ${address}`);
  }
  return { kind: 'tcp', hostname: host === '' ? '0.0.0.0' : host, port };
}

/** A socket file nobody answers on is left over from a crash: safe to remove. */
async function removeStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const alive = await Bun.connect({ unix: path, socket: { data() {} } })
    .then((socket) => { socket.end(); return true; }, () => false);
  if (alive) throw new Error(`unix socket ${path} is in use`);
  unlinkSync(path);
}

export async function listen(
  address: string,
  fetch: (request: Request, server: Server<undefined>) => Response | Promise<Response>,
): Promise<Listener> {
  const parsed = parseListenAddress(address);
  // Renders and large downloads may keep a connection quiet longer than Bun's default 10 s.
  const common = {
    fetch: (request: Request, server: Server<undefined>) => fetch(absolute(request), server),
    maxRequestBodySize: Number.MAX_SAFE_INTEGER,
    // Never Bun's development error page (it shows source and paths), whatever NODE_ENV says.
    development: false,
    error: (err: Error) => {
      log.error({ detail: err.message }, 'unhandled error in a request');
      return Response.json({ message: 'internal error' }, { status: 500 });
    },
  };
  let server: ReturnType<typeof Bun.serve>;
  if (parsed.kind === 'unix') {
    await removeStaleSocket(parsed.path);
    server = Bun.serve({ ...common, unix: parsed.path });
  } else {
    server = Bun.serve({ ...common, hostname: parsed.hostname, port: parsed.port,
      idleTimeout: 255 });
  }

  const url = parsed.kind === 'unix' ? `unix:${parsed.path}`
    : `http://${parsed.hostname.includes(':') ? `[${parsed.hostname}]` : parsed.hostname}:` +
      `${server.port}`;
  return {
    address,
    url,
    async stop(graceMs) {
      const drained = server.stop(false);
      const timeout = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([drained, timeout]);
      await server.stop(true);
      if (parsed.kind === 'unix' && existsSync(parsed.path)) {
        try {
          unlinkSync(parsed.path);
        } catch (err) {
          log.warn({ detail: String(err) }, 'could not remove unix socket');
        }
      }
    },
  };
}

/**
 * Bun gives a bare path as the URL when the Host header is missing (HTTP/1.0), and an
 * unparsable URL when the Host is malformed. Both are served as if sent to localhost, so every
 * later `new URL` succeeds.
 */
function absolute(request: Request): Request {
  const url = request.url;
  if (!url.startsWith('/') && URL.canParse(url)) return request;
  const schemeEnd = url.indexOf('://');
  const pathStart = schemeEnd < 0 ? 0 : url.indexOf('/', schemeEnd + 3);
  const path = pathStart < 0 ? '/' : url.slice(pathStart);
  return new Request(new URL(path, 'http://localhost').href, request);
}
