// Starts the real server in this process on ephemeral ports with a config the test writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';

export interface TestServer {
  url: string;
  dir: string;
  server: RunningServer;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Waits for background store-backs, then stops and removes the temp folder. */
  close(): Promise<void>;
}

export function tempDir(prefix = 'mort-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServerOptions {
  dir?: string;
  /** Extra lines for the `server` section, indented by two spaces. */
  server?: string;
}

/** `yaml` (and `options.server`) may use `${DIR}` for the test's temp folder. */
export async function startTestServer(yaml: string, options: TestServerOptions = {}):
  Promise<TestServer> {
  const dir = options.dir ?? tempDir();
  const listeners = `  listen: "127.0.0.1:0"\n  internalListen: "unix:${dir}/internal.sock"\n`;
  const text = (`server:\n${listeners}` +
    (options.server ?? '') + yaml).replaceAll('${DIR}', dir);
  const config = await parseConfig(text, { env: {} });
  const server = await startServer(config);
  const url = server.publicListeners[0]!.url;
  return {
    url,
    dir,
    server,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      await server.services.background.idle();
      await server.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a fixture into a local storage folder as a plain file. */
export async function placeOriginal(dir: string, path: string, fixtureName: string):
  Promise<void> {
  await Bun.write(join(dir, path), Bun.file(join(import.meta.dir, '..', 'fixtures', fixtureName)));
}

/**
 * A `media` bucket of query transforms over local-meta originals in `${DIR}/originals`, with
 * coffee.jpg placed there: the server most flow tests need.
 */
export async function startMediaServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? tempDir();
  await placeOriginal(dir, 'originals/media/coffee.jpg', 'coffee.jpg');
  return startTestServer(`
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "noop" }
`, { ...options, dir });
}
