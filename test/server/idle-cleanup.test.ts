// idleCleanup in a running server: enabled by the configuration, counted in /metrics, and
// stopped with the server. The cleanup itself is tested in test/processor/idle-cleanup.test.ts.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { placeOriginal, startTestServer, tempDir, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  const dir = tempDir();
  await placeOriginal(dir, 'originals/media/coffee.jpg', 'coffee.jpg');
  server = await startTestServer(`
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/originals" }
      transform: { kind: "noop" }
`, { dir, server: `  monitoring: "prometheus"
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
