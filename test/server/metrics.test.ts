// /metrics on the internal listener with `monitoring: prometheus` (SPEC §11.2): the storage
// metrics for originals and renderings, read the way Prometheus reads them.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { placeOriginal, startTestServer, tempDir, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  const dir = tempDir();
  await placeOriginal(dir, 'originals/metered/coffee.jpg', 'coffee.jpg');
  mkdirSync(join(dir, 'transforms'));
  server = await startTestServer(`
buckets:
  metered:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "local", rootPath: "\${DIR}/transforms" }
`, { dir, server: '  monitoring: "prometheus"\n' });
});

afterAll(() => server.close());

async function scrape(): Promise<string> {
  const response = await fetch('http://localhost/metrics',
    { unix: `${server.dir}/internal.sock` } as RequestInit);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample, e.g. `mort_storage_request{method="get",...}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

test('downloads and renderings are counted per storage call, with bytes and time', async () => {
  // Throughput and times are per storage kind; other tests in this process add to them.
  const before = await scrape();
  const original = await server.fetch('/metered/coffee.jpg');
  expect(original.status).toBe(200);
  expect((await original.arrayBuffer()).byteLength).toBe(71285);

  const rendered = await server.fetch('/metered/coffee.jpg?width=80');
  expect(rendered.status).toBe(200);
  const renderedBytes = (await rendered.arrayBuffer()).byteLength;
  await server.server.services.background.idle();

  const text = await scrape();
  const parent = { bucket: 'metered', storage: 'local-meta', object_type: 'parent' };
  const transform = { bucket: 'metered', storage: 'local', object_type: 'transform' };
  // The download and the rendering's input each read the original once.
  expect(sample(text, 'mort_storage_request', { method: 'get', ...parent })).toBe(2);
  expect(sample(text, 'mort_storage_request', { method: 'set', ...transform })).toBe(1);
  expect(sample(text, 'mort_storage_request', { method: 'set', ...parent })).toBe(0);
  const grown = (name: string, labels: Record<string, string>) =>
    sample(text, name, labels) - sample(before, name, labels);
  expect(grown('mort_storage_throughput', { method: 'get', storage: 'local-meta' }))
    .toBe(2 * 71285);
  expect(grown('mort_storage_throughput', { method: 'set', storage: 'local' }))
    .toBe(renderedBytes);
  expect(grown('mort_storage_time_count', { method: 'set', storage: 'local' })).toBe(1);
  expect(sample(text, 'mort_generation_time_count', {})).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mort_request_type_count', { type: 'transform' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mort_response_time_count', { method: 'GET' })).toBeGreaterThanOrEqual(2);

  // The stored rendering is read back from the transform storage the second time.
  const again = await server.fetch('/metered/coffee.jpg?width=80');
  expect((await again.arrayBuffer()).byteLength).toBe(renderedBytes);
  const after = await scrape();
  expect(sample(after, 'mort_storage_request', { method: 'get', ...transform })).toBe(
    sample(text, 'mort_storage_request', { method: 'get', ...transform }) + 1);
  expect(sample(after, 'mort_storage_request', { method: 'get', ...parent })).toBe(2);
});
