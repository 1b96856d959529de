// Redis connections shared by the response cache and the lock (SPEC §2.3 `address`,
// `clientConfig`). Every client here is tuned for a request path that must never hang on Redis:
// commands fail at once while disconnected, are cut off after a short timeout, and the client
// reconnects by itself with a capped backoff.

import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { HashRing } from './hash-ring.ts';

export type RedisClient = Redis | Cluster;

/** `redis`: one node, or client-side sharding over several; `redis-cluster`: seed nodes. */
export type RedisKind = 'redis' | 'redis-cluster';

export interface RedisConnectOptions {
  /** Longest wait for one command, in ms, before it counts as failed. Default 150. */
  readonly commandTimeoutMs?: number;
  /** Longest wait for a TCP connect, in ms. Default 1000. */
  readonly connectTimeoutMs?: number;
  /** Cap of the reconnect backoff, in ms. Default 2000. */
  readonly maxReconnectDelayMs?: number;
}

/** The clients of one configured backend and how keys map onto them. */
export interface RedisTarget {
  readonly kind: RedisKind;
  /** One client per node (`redis`), or the single cluster client. */
  readonly clients: readonly RedisClient[];
  /** The client that owns `key`: the shard picked by consistent hashing, or the cluster. */
  clientFor(key: string): RedisClient;
  /** True once every client is ready; false when `timeoutMs` passes first. */
  ready(timeoutMs: number): Promise<boolean>;
  /** Closes every client; pending commands fail. */
  close(): Promise<void>;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 150;

/** Splits `host:port`, `[v6]:port` or `:port` (host defaults to 127.0.0.1, port to 6379). */
export function parseRedisAddress(address: string): { host: string; port: number } {
  const text = address.trim().replace(/^redis:\/\//, '');
  const match = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(text);
  const host = match?.[1] ?? match?.[2] ?? '';
  const port = match?.[3] === undefined ? 6379 : Number(match[3]);

  return { host: host === '' ? '127.0.0.1' : host, port };
}

/** Connects to the configured nodes. Never throws for unreachable nodes: they just fail calls. */
export function connectRedis(
  kind: RedisKind,
  addresses: readonly string[],
  clientConfig: Readonly<Record<string, string>>,
  options: RedisConnectOptions = {},
): RedisTarget {
  const list = addresses.length > 0 ? addresses : ['127.0.0.1:6379'];

  if (kind === 'redis-cluster') return clusterTarget(list, clientConfig, options);

  const clients = list.map((address) => {
    const client = new Redis({ ...parseRedisAddress(address), ...nodeOptions(options) });
    client.on('error', ignore);
    client.on('ready', () => applyClientConfig(client, clientConfig));
    return client;
  });
  const ring = clients.length > 1
    ? new HashRing(clients.map((client, i) => ({ id: list[i]!, value: client })))
    : undefined;
  const only = clients[0]!;

  return {
    kind,
    clients,
    clientFor: (key) => ring?.pick(key) ?? only,
    ready: (timeoutMs) => allReady(clients, timeoutMs),
    close: () => closeAll(clients),
  };
}

/** Options of one node connection (also used for cluster nodes and subscribers). */
export function nodeOptions(options: RedisConnectOptions): RedisOptions {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;

  return {
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    // Fail fast instead of queueing while disconnected: the caller goes on without Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A command cut off by a disconnect is stale by the time the client is back.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
  };
}

function clusterTarget(
  addresses: readonly string[],
  clientConfig: Readonly<Record<string, string>>,
  options: RedisConnectOptions,
): RedisTarget {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const { retryStrategy: _, enableOfflineQueue: __, ...redisOptions } = nodeOptions(options);
  const cluster = new Cluster(addresses.map(parseRedisAddress), {
    enableOfflineQueue: false,
    // Never give up: a cluster client that returns null here stays closed for good.
    clusterRetryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), maxDelay),
    slotsRefreshTimeout: 1000,
    retryDelayOnClusterDown: 50,
    retryDelayOnFailover: 50,
    redisOptions,
  });
  cluster.on('error', ignore);
  cluster.on('node error', ignore);
  cluster.on('ready', () => {
    for (const node of cluster.nodes('all')) applyClientConfig(node, clientConfig);
  });

  return {
    kind: 'redis-cluster',
    clients: [cluster],
    clientFor: () => cluster,
    ready: (timeoutMs) => allReady([cluster], timeoutMs),
    close: () => closeAll([cluster]),
  };
}

/** `CONFIG SET` for each pair on (re)connect, as the reference does; failures are ignored. */
function applyClientConfig(client: Redis, clientConfig: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(clientConfig)) {
    client.call('CONFIG', 'SET', name, value).catch(ignore);
  }
}

function allReady(clients: readonly RedisClient[], timeoutMs: number): Promise<boolean> {
  const waits = clients.map((client) => {
    if (client.status === 'ready') return Promise.resolve();

    return new Promise<void>((resolve) => client.once('ready', () => resolve()));
  });

  return withTimeout(Promise.all(waits).then(() => true), timeoutMs).catch(() => false);
}

async function closeAll(clients: readonly RedisClient[]): Promise<void> {
  await Promise.all(clients.map(closeClient));
}

/** QUIT politely, or drop the connection when Redis is gone or does not answer in 500 ms. */
export async function closeClient(client: RedisClient): Promise<void> {
  try {
    await withTimeout(client.quit(), 500);
  } catch {
    client.disconnect();
  }
}

/** Raised by `withTimeout` when the wait bound passes. */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/**
 * Settles like `promise`, or rejects with RedisTimeoutError after `ms`. A hard bound on top of the
 * client's own command timeout, which cluster redirects and slot refreshes can stretch.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** A Lua script run by SHA, loaded on the first NOSCRIPT reply. */
export interface LuaScript {
  readonly lua: string;
  readonly sha: string;
}

export function luaScript(lua: string): LuaScript {
  return { lua, sha: new Bun.CryptoHasher('sha1').update(lua).digest('hex') };
}

/** Runs `script` with EVALSHA, falling back to EVAL when the node has not cached it yet. */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;

    return client.eval(script.lua, keys.length, ...keys, ...args);
  }
}

function ignore(): void {}
