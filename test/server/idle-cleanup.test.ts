// idleCleanup in a running server: enabled by the configuration, counted in /metrics, and
// stopped with the server; and the internal listener's snapshot of the server. The cleanup
// itself is tested in test/processor/idle-cleanup.test.ts.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { startMediaServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startMediaServer({ server: `  monitoring: "prometheus"
  idleCleanup:
    enabled: true
    idleTimeoutMin: 5
    aggressiveGC: true
` });
});

afterAll(() => server.close());

test('a rendering counts as activity; the cleanup waits for its idle time', async () => {
  const response = await server.fetch('/media/coffee.jpg?width=90');
  expect(response.status).toBe(200);
  await response.arrayBuffer();

  const cleanup = server.server.idleCleanup!;
  expect(cleanup).toBeDefined();
  expect(server.server.services.renderGate.started).toBe(1);
  expect(server.server.services.renderGate.active).toBe(0);
  // Five minutes have not passed: the look ends at once without releasing anything.
  expect(await cleanup.check()).toBe(false);

  const metrics = await fetch('http://localhost/metrics',
    { unix: `${server.dir}/internal.sock` } as RequestInit);
  expect(await metrics.text()).toContain('mort_vips_cleanup_count 0');
});

test('/debug/vars on the internal listener shows renders, buffers and the cache', async () => {
  const response = await fetch('http://localhost/debug/vars',
    { unix: `${server.dir}/internal.sock` } as RequestInit);
  expect(response.status).toBe(200);
  const vars = await response.json() as {
    libvips: string; renders: { running: number; started: number };
    outputBuffers: { acquisitions: number }; memory: { rss: number };
    responseCache: { hits: number };
  };
  expect(vars.libvips).toMatch(/^\d+\.\d+\.\d+/);
  expect(vars.renders).toMatchObject({ running: 0, started: 1 });
  expect(vars.outputBuffers.acquisitions).toBeGreaterThan(0);
  expect(vars.memory.rss).toBeGreaterThan(0);
  expect(vars.responseCache.hits).toBeGreaterThanOrEqual(0);

  const missing = await fetch('http://localhost/debug/nothing',
    { unix: `${server.dir}/internal.sock` } as RequestInit);
  expect(missing.status).toBe(404);
});
