// `bun run build` produces dist/mort, which runs from any folder without Bun or node_modules:
// the addon and libvips sit beside it.
import { afterAll, expect, test } from 'bun:test';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeImage } from '../helpers/images.ts';
import { spawnServer } from '../helpers/process.ts';
import { placeOriginal, tempDir } from '../helpers/server.ts';

const root = join(import.meta.dir, '..', '..');
const dir = tempDir('mort-exe-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the compiled executable renders an image on its own', async () => {
  const build = Bun.spawnSync(['bun', 'run', 'build'], { cwd: root });
  expect(build.exitCode).toBe(0);
  cpSync(join(root, 'dist'), join(dir, 'bin'), { recursive: true });

  await placeOriginal(dir, 'originals/media/coffee.jpg', 'coffee.jpg');
  await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
`);
  // No Bun on PATH and no node_modules anywhere near the executable.
  const server = await spawnServer(
    ['env', '-i', 'PATH=/usr/bin:/bin', `${dir}/bin/mort`, '-config', 'mort.yml'], dir);
  try {
    const response = await fetch(`${server.listen[0]}/media/coffee.jpg?width=123&format=webp`);
    expect(response.status).toBe(200);
    const image = await describeImage(new Uint8Array(await response.arrayBuffer()));
    expect(image).toMatchObject({ width: 123, height: 82, format: 'webp' });
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 120_000);
