// The access log as an operator reads it: the real CLI with `accessLogs: true`, its stdout
// parsed line by line.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, type ServerProcess } from '../helpers/process.ts';
import { placeOriginal, tempDir } from '../helpers/server.ts';

const entry = join(import.meta.dir, '..', '..', 'src', 'index.ts');
const dir = tempDir('mort-access-');
let server: ServerProcess;
let base: string;

beforeAll(async () => {
  await placeOriginal(dir, 'originals/media/coffee.jpg', 'coffee.jpg');
  await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
  accessLogs: true
  plugins:
    compress:
      gzip:
        types: ["text/plain"]
        level: 4
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
`);
  const notes = 'all work and no play '.repeat(400);
  await Bun.write(join(dir, 'originals', 'media', 'notes.txt'), notes);
  server = await spawnServer(['bun', 'run', entry, '-config', 'mort.yml'], dir);
  base = server.listen[0]!;
});

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface AccessLine {
  level: number;
  time: string;
  msg: string;
  service: string;
  tags: { version: string; logType: string };
  httpRequest?: { requestID: string; requestURL: string; remoteIP: string;
    header: Record<string, string> };
  httpResponse?: { status: number; bytes: number; elapsed: number; body?: string };
}

/** The request and response lines of the request carrying `id`, once both are written. */
async function linesFor(id: string): Promise<{ request: AccessLine; response: AccessLine }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const lines = server.output().split('\n').filter((line) => line.includes('mort-access'))
      .map((line) => JSON.parse(line) as AccessLine);
    const index = lines.findIndex((line) => line.httpRequest?.requestID === id);
    // Lines of one request are adjacent here: the test sends one request at a time.
    const response = lines.slice(index + 1).find((line) => line.httpResponse);
    if (index >= 0 && response) return { request: lines[index]!, response };
    await Bun.sleep(20);
  }
  throw new Error(`no access log lines for ${id}:\n${server.output()}`);
}

describe('accessLogs: true', () => {
  test('a download logs the request and a response with status and bytes', async () => {
    const response = await fetch(`${base}/media/coffee.jpg`, {
      headers: { 'x-request-id': 'req-1', cookie: 'session=secret-cookie' },
    });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(71285);

    const { request, response: logged } = await linesFor('req-1');
    expect(request.msg).toBe('Request: GET /media/coffee.jpg');
    expect(request.service).toBe('mort-access');
    expect(request.tags.logType).toBe('access');
    expect(request.tags.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number.isNaN(Date.parse(request.time))).toBe(false);
    expect(request.level).toBe(30);
    expect(request.httpRequest!.remoteIP).toBe('127.0.0.1');
    expect(request.httpRequest!.header.cookie).toBe('***');
    expect(logged.msg).toBe('Response: 200 OK');
    expect(logged.httpResponse!.status).toBe(200);
    expect(logged.httpResponse!.bytes).toBe(71285);
    expect(logged.httpResponse!.elapsed).toBeGreaterThanOrEqual(0);
    expect(logged.httpResponse!.body).toBeUndefined();
    expect(server.output()).not.toContain('secret-cookie');
  });

  test('a request with a bad signature is logged with its authorization masked', async () => {
    const response = await fetch(`${base}/media/coffee.jpg`, { headers: {
      'x-request-id': 'req-auth',
      authorization: 'AWS access:c2VjcmV0LXNpZ25hdHVyZQ==',
      'x-amz-security-token': 'session-token-secret',
    } });
    expect(response.status).toBe(401);
    await response.arrayBuffer();

    const { request, response: logged } = await linesFor('req-auth');
    expect(request.httpRequest!.header.authorization).toBe('***');
    expect(logged.httpResponse!.status).toBe(401);
    expect(server.output()).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
    expect(server.output()).not.toContain('session-token-secret');
  });

  test('a 404 is logged at warn level with the start of its body', async () => {
    const response = await fetch(`${base}/media/missing.jpg`, {
      headers: { 'x-request-id': 'req-404' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('item not found');

    const { response: logged } = await linesFor('req-404');
    expect(logged.level).toBe(40);
    expect(logged.msg).toBe('Response: 404 Not Found');
    expect(logged.httpResponse!.body).toContain('item not found');
  });

  test('a 400 for a bad transform is logged at warn level; the client gets JSON', async () => {
    const response = await fetch(`${base}/media/coffee.jpg?width=abc`, {
      headers: { 'x-request-id': 'req-400' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBeString();

    const { response: logged } = await linesFor('req-400');
    expect(logged.level).toBe(40);
    expect(logged.httpResponse!.status).toBe(400);
  });

  test('a compressed stream of unknown length is counted as it is sent', async () => {
    const response = await fetch(`${base}/media/notes.txt`, {
      headers: { 'x-request-id': 'req-gzip', 'accept-encoding': 'gzip' },
      decompress: false,
    } as RequestInit);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const sent = (await response.arrayBuffer()).byteLength;

    const { response: logged } = await linesFor('req-gzip');
    expect(logged.httpResponse!.bytes).toBe(sent);
  });

  test('a presigned query never reaches the log; a missing request ID is generated', async () => {
    const response = await fetch(`${base}/media/coffee.jpg?X-Amz-Signature=deadbeefcafe`);
    await response.arrayBuffer();
    await Bun.sleep(50);

    expect(server.output()).not.toContain('deadbeefcafe');
    const lines = server.output().split('\n').filter((line) => line.includes('"Request: GET'));
    const last = JSON.parse(lines.at(-1)!) as AccessLine;
    expect(last.httpRequest!.requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(last.httpRequest!.requestURL).toBe(`${base}/media/coffee.jpg`);
  });

  test('HEAD logs zero bytes sent', async () => {
    const response = await fetch(`${base}/media/coffee.jpg`, {
      method: 'HEAD', headers: { 'x-request-id': 'req-head' } });
    expect(response.status).toBe(200);

    const { response: logged } = await linesFor('req-head');
    expect(logged.httpResponse!.bytes).toBe(0);
  });
});

describe('application log', () => {
  test('start-up line has an ISO time, hostname and pid', () => {
    const banner = JSON.parse(server.output().split('\n')
      .find((line) => line.includes('mort started'))!);
    expect(Number.isNaN(Date.parse(banner.time))).toBe(false);
    expect(banner.hostname).toBeString();
    expect(banner.pid).toBe(server.process.pid);
  });
});
