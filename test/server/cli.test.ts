// The command line as users run it: flags, invalid configurations, listeners, signals.
import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer } from '../helpers/process.ts';
import { placeOriginal, tempDir } from '../helpers/server.ts';

const entry = join(import.meta.dir, '..', '..', 'src', 'index.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workDir(): string {
  const dir = tempDir('mort-cli-');
  dirs.push(dir);
  return dir;
}

function runCli(args: string[], cwd = workDir()) {
  const result = Bun.spawnSync(['bun', 'run', entry, ...args], { cwd });
  return { code: result.exitCode, stdout: result.stdout.toString(),
    stderr: result.stderr.toString() };
}

describe('flags', () => {
  for (const flag of ['-version', '--version']) {
    test(`${flag} prints one version line`, () => {
      const { code, stdout } = runCli([flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\d+\.\d+\.\d+ commit \S+ date \S+\n$/);
    });
  }

  test('an unknown flag exits 1 with usage', () => {
    const { code, stderr } = runCli(['--nope']);
    expect(code).toBe(1);
    expect(stderr).toContain('usage');
  });
});

describe('invalid configuration', () => {
  test('every problem is named by key path, exit code 1, no stack trace', async () => {
    const dir = workDir();
    await Bun.write(join(dir, 'bad.yml'), `
server:
  listen: ":8080"
  internalListen: ":8080"
buckets:
  media:
    transform:
      kind: "nonsense"
    storages:
      transform: { kind: "local-meta", rootPath: "/tmp" }
`);
    for (const args of [['-config', 'bad.yml'], ['--config', 'bad.yml'], ['-config=bad.yml']]) {
      const { code, stderr } = runCli(args, dir);
      expect(code).toBe(1);
      expect(stderr).toContain('server.internalListen');
      expect(stderr).toContain('buckets.media.transform.kind');
      expect(stderr).toContain('buckets.media.storages.basic');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('a missing file exits 1', () => {
    const { code, stderr } = runCli(['-config', 'nothing.yml']);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('start-up warnings', () => {
  test('storages that can only answer 503 are named in the log', async () => {
    const dir = workDir();
    await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/nowhere" }
  blobs:
    storages:
      basic: { kind: "azure", azureAccount: "acct", azureKey: "secret-azure-key" }
`);
    const server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
    const response = await fetch(`${server.listen[0]}/media/coffee.jpg`);
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain(dir);
    expect(await server.stop()).toBe(0);
    const warning = server.output().split('\n').find((line) => line.includes('rootPath'));
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, bucket: 'media', storage: 'basic',
      rootPath: `${dir}/nowhere` });
    const azure = server.output().split('\n').find((line) => line.includes('"kind":"azure"'));
    expect(JSON.parse(azure!)).toMatchObject({ level: 40, bucket: 'blobs' });
    expect(server.output()).not.toContain('secret-azure-key');
  });
});

describe('listeners and signals', () => {
  test('TCP and unix listeners serve; SIGTERM removes the socket and says Bye', async () => {
    const dir = workDir();
    await placeOriginal(dir, 'originals/media/coffee.jpg', 'coffee.jpg');
    await Bun.write(join(dir, 'mort.yml'), `
server:
  listens: ["127.0.0.1:0", "unix:${dir}/public.sock"]
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
`);
    const server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
    const tcp = await fetch(`${server.listen[0]}/media/coffee.jpg`);
    expect(tcp.status).toBe(200);
    expect((await tcp.arrayBuffer()).byteLength).toBe(71285);
    const unix = await fetch('http://localhost/media/coffee.jpg',
      { unix: `${dir}/public.sock` } as RequestInit);
    expect(unix.status).toBe(200);
    await unix.arrayBuffer();
    const metrics = await fetch('http://localhost/metrics',
      { unix: `${dir}/internal.sock` } as RequestInit);
    expect(await metrics.text()).toContain('process_cpu_user_seconds_total');

    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Bye...');
    expect(existsSync(`${dir}/public.sock`)).toBe(false);
    expect(existsSync(`${dir}/internal.sock`)).toBe(false);
  });

  test('SIGTERM lets an in-flight request finish before exiting', async () => {
    const dir = workDir();
    const photo = await Bun.file(join(import.meta.dir, '..', 'fixtures', 'coffee.jpg'))
      .arrayBuffer();
    const upstream = Bun.serve({ hostname: '127.0.0.1', port: 0, async fetch() {
      await Bun.sleep(1500);
      return new Response(photo, { headers: { 'content-type': 'image/jpeg' } });
    } });
    await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "http", url: "http://127.0.0.1:${upstream.port}/<container><item>" }
`);
    try {
      const server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
      const inFlight = fetch(`${server.listen[0]}/media/coffee.jpg?width=64`);
      await Bun.sleep(300);
      const exited = server.stop();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      expect(await exited).toBe(0);
    } finally {
      upstream.stop(true);
    }
  });

  test('a stale unix socket file is replaced', async () => {
    const dir = workDir();
    await Bun.write(join(dir, 'public.sock'), '');
    await Bun.write(join(dir, 'media', 'note.txt'), 'hello');
    await Bun.write(join(dir, 'mort.yml'), `
server:
  listens: ["unix:${dir}/public.sock"]
  internalListen: "unix:${dir}/internal.sock"
buckets:
  media:
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}" }
`);
    const server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
    const response = await fetch('http://localhost/media/note.txt',
      { unix: `${dir}/public.sock` } as RequestInit);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
    expect(await server.stop()).toBe(0);
  });

  test('the embedded default serves the demo bucket from ./data', async () => {
    const dir = workDir();
    // The default listens on 127.0.0.1:8080; only run it when the port is free.
    const probe = await fetch('http://127.0.0.1:8080/').then(() => true, () => false);
    if (probe) return;
    const server = await spawnServer(['bun', 'run', entry], dir);
    const response = await fetch('http://127.0.0.1:8080/demo/small/sample.jpg');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amz-meta-public-width')).toBe('150');
    await response.arrayBuffer();
    expect(existsSync(join(dir, 'data', 'demo', 'sample.jpg'))).toBe(true);
    expect(await server.stop()).toBe(0);
  });
});
