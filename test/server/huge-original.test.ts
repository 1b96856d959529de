// A huge original with no transform is streamed: the server's memory does not grow with it.
import { afterAll, expect, test } from 'bun:test';
import { closeSync, ftruncateSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer } from '../helpers/process.ts';
import { tempDir } from '../helpers/server.ts';

const entry = join(import.meta.dir, '..', '..', 'src', 'index.ts');
const dir = tempDir('mort-huge-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 512 * 1024 * 1024;

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

test('a 512 MB original is served with less than 64 MB of resident growth', async () => {
  // A sparse file: 512 MB long, almost no disk used.
  const bucketDir = join(dir, 'originals', 'media');
  await Bun.write(join(bucketDir, '.keep'), '');
  const file = openSync(join(bucketDir, 'huge.bin'), 'w');
  ftruncateSync(file, SIZE);
  closeSync(file);
  await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
`);
  const server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
  try {
    const pid = server.process.pid;
    const before = residentBytes(pid);
    let peak = before;

    const response = await fetch(`${server.listen[0]}/media/huge.bin`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(SIZE));
    let received = 0;
    for await (const chunk of response.body!) {
      received += chunk.length;
      if (received % (32 * 1024 * 1024) < chunk.length) peak = Math.max(peak, residentBytes(pid));
    }
    peak = Math.max(peak, residentBytes(pid));

    expect(received).toBe(SIZE);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 120_000);
