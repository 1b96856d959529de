// s3cmd (the Debian package; .ci/run installs it) against the real server: list buckets, put
// (single and multipart), list, get and delete, with Signature V4 over plain HTTP.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { TestServer } from '../../helpers/server.ts';
import { MEDIA, md5Hex, startS3Server } from './helpers.ts';

const s3cmdPath = Bun.which('s3cmd');
if (!s3cmdPath) console.warn('s3cmd tests skipped: s3cmd is not installed (apt-get install s3cmd)');

let server: TestServer;

function writeConfig(name: string, secret: string): string {
  const host = new URL(server.url).host;
  const path = join(server.dir, name);
  writeFileSync(path, [
    '[default]',
    `access_key = ${MEDIA.accessKeyId}`,
    `secret_key = ${secret}`,
    `host_base = ${host}`,
    `host_bucket = ${host}`,
    'use_https = False',
    'signature_v2 = False',
    '',
  ].join('\n'));
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs s3cmd without blocking: the server answers from this same process. */
async function s3cmd(config: string, ...args: string[]): Promise<Run> {
  const child = Bun.spawn([s3cmdPath!, '-c', config, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { ...process.env, HOME: server.dir },
  });
  const [code, stdout, stderr] = await Promise.all([child.exited,
    new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  server = await startS3Server();
});

afterAll(async () => {
  await server.close();
});

describe.skipIf(!s3cmdPath)('s3cmd', () => {
  test('ls, put, get and del work, small and multipart', async () => {
    const config = writeConfig('s3cfg', MEDIA.secretAccessKey);
    const small = join(server.dir, 'small.txt');
    const large = join(server.dir, 'large.bin');
    writeFileSync(small, 'hello from s3cmd');
    const largeBytes = Buffer.alloc(11 * 1024 * 1024 + 3);
    for (let i = 0; i < largeBytes.length; i++) largeBytes[i] = (i * 7) & 0xff;
    writeFileSync(large, largeBytes);

    const buckets = await s3cmd(config, 'ls');
    expect(buckets.code).toBe(0);
    expect(buckets.stdout).toContain('s3://media');
    expect(buckets.stdout).toContain('s3://gallery');

    const putSmall = await s3cmd(config, 'put', small, 's3://media/tool dir/smäll file.txt');
    expect(putSmall.code).toBe(0);
    expect(putSmall.stderr).not.toContain("MD5 Sums don't match");
    const putLarge = await s3cmd(config, 'put', '--progress', '--multipart-chunk-size-mb=5', large,
      's3://media/tool dir/large.bin');
    expect(putLarge.code).toBe(0);
    expect(putLarge.stdout).toContain('[part 3 of 3');

    const top = await s3cmd(config, 'ls', 's3://media/');
    expect(top.stdout).toContain('DIR  s3://media/tool dir/');
    const inside = await s3cmd(config, 'ls', 's3://media/tool dir/');
    expect(inside.stdout).toContain('s3://media/tool dir/smäll file.txt');
    expect(inside.stdout).toContain(`${largeBytes.length}  s3://media/tool dir/large.bin`);

    const back = join(server.dir, 'back.bin');
    const get = await s3cmd(config, 'get', 's3://media/tool dir/large.bin', back);
    expect(get.code).toBe(0);
    expect(md5Hex(readFileSync(back))).toBe(md5Hex(largeBytes));
    const smallBack = join(server.dir, 'back.txt');
    await s3cmd(config, 'get', 's3://media/tool dir/smäll file.txt', smallBack);
    expect(readFileSync(smallBack, 'utf8')).toBe('hello from s3cmd');

    const del = await s3cmd(config, 'del', 's3://media/tool dir/smäll file.txt');
    expect(del.code).toBe(0);
    const after = await s3cmd(config, 'ls', 's3://media/tool dir/');
    expect(after.stdout).not.toContain('smäll');
    expect(after.stdout).toContain('large.bin');
  }, 30_000);

  test('a wrong secret fails with 403', async () => {
    const config = writeConfig('s3cfg-wrong', 'not-the-secret');
    const put = await s3cmd(config, 'put', join(server.dir, 's3cfg-wrong'), 's3://media/x.txt');
    expect(put.code).not.toBe(0);
    expect(put.stderr).toContain('403');
  }, 30_000);
});
