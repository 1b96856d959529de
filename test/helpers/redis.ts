// Real redis-server processes for tests: single nodes and a 3-master cluster, on free ports of
// 127.0.0.1, without persistence, in a temporary folder. Stop them in afterAll; any left running
// are killed when the test process exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';

const REDIS_SERVER = Bun.which('redis-server');
const REDIS_CLI = Bun.which('redis-cli');

/** False when redis-server or redis-cli is missing; suites then skip with `redisSkipReason`. */
export const hasRedis = REDIS_SERVER !== null && REDIS_CLI !== null;
export const redisSkipReason =
  'redis-server / redis-cli not installed (Debian package redis-server)';

if (!hasRedis) console.warn(`skipping Redis tests: ${redisSkipReason}`);

export interface RedisServer {
  readonly port: number;
  readonly pid: number;
  readonly address: string;
  /** SIGKILL (the default, like a crash) or SIGTERM, then waits for the exit. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** SIGSTOP: the port stays open but nothing answers, like an overloaded server. */
  pause(): void;
  resume(): void;
}

export interface RedisCluster {
  readonly ports: readonly number[];
  readonly addresses: readonly string[];
  readonly nodes: readonly RedisServer[];
  stop(): Promise<void>;
}

const running = new Set<Subprocess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts one redis-server; `options.port` reuses a port (a restart after `stop`). */
export async function startRedis(options: { port?: number; args?: string[] } = {}):
  Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? await freePort(options.args?.includes('--cluster-enabled'));
    try {
      return await spawnRedis(port, options.args ?? []);
    } catch (err) {
      // Another process may have taken the port between the probe and the start.
      if (options.port !== undefined || attempt >= 4) throw err;
    }
  }
}

/** Three masters with every slot assigned, ready for a cluster client. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const args = ['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000'];
  const nodes = await Promise.all([0, 1, 2].map(() => startRedis({ args })));
  const addresses = nodes.map((node) => node.address);
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };

  try {
    const create = Bun.spawn(
      [REDIS_CLI!, '--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      { stdout: 'pipe', stderr: 'pipe' },
    );
    if (await create.exited !== 0) {
      const output = await new Response(create.stdout).text();
      throw new Error(`redis-cli --cluster create failed: ${output}`);
    }
    for (const node of nodes) await waitForClusterOk(node.port);
  } catch (err) {
    await stop();
    throw err;
  }

  return { ports: nodes.map((node) => node.port), addresses, nodes, stop };
}

/** Runs one redis-cli command against `port` and returns its output. */
export async function redisCli(port: number, ...command: string[]): Promise<string> {
  const child = Bun.spawn([REDIS_CLI!, '-h', '127.0.0.1', '-p', String(port), ...command], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const output = await new Response(child.stdout).text();
  await child.exited;
  return output.trim();
}

async function spawnRedis(port: number, extraArgs: string[]): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mort-redis-'));
  const child = Bun.spawn([
    REDIS_SERVER!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly',
    'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice',
    '--cluster-config-file', join(dir, 'nodes.conf'), ...extraArgs,
  ], { stdout: 'pipe', stderr: 'pipe' });
  running.add(child);

  const exited = child.exited.then(() => {
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  });

  try {
    await waitForReady(child, 5000);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }

  return {
    port,
    pid: child.pid,
    address: `127.0.0.1:${port}`,
    async stop(signal = 'SIGKILL') {
      child.kill('SIGCONT');
      child.kill(signal);
      await exited;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

/** Reads the log until "Ready to accept connections"; fails on exit or after `timeoutMs`. */
async function waitForReady(child: Subprocess<'ignore', 'pipe', 'pipe'>, timeoutMs: number):
  Promise<void> {
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  let log = '';

  try {
    while (!log.includes('Ready to accept connections')) {
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())));
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === 'timeout') throw new Error(`redis-server not ready: ${log}`);
      if (chunk.done) throw new Error(`redis-server exited: ${log}`);
      log += decoder.decode(chunk.value);
    }
  } finally {
    // Keep draining so a full pipe never blocks the server.
    reader.releaseLock();
    void child.stdout.pipeTo(new WritableStream()).catch(() => {});
  }
}

async function waitForClusterOk(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;

  while (Date.now() < deadline) {
    const info = await redisCli(port, 'cluster', 'info');
    if (info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384')) return;
    await Bun.sleep(50);
  }
  throw new Error(`redis cluster node ${port} never reached cluster_state:ok`);
}

/**
 * A port free on 127.0.0.1. Cluster nodes also need port + 10000 (the cluster bus), so those
 * are drawn from a range where that stays valid.
 */
async function freePort(forCluster = false): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * (forCluster ? 20000 : 40000));
    if (isFree(port) && (!forCluster || isFree(port + 10000))) return port;
  }
  throw new Error('no free port found');
}

function isFree(port: number): boolean {
  try {
    const listener = Bun.listen({ hostname: '127.0.0.1', port, socket: { data() {} } });
    listener.stop(true);
    return true;
  } catch {
    return false;
  }
}
