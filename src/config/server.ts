// `server` section (SPEC §2.3): defaults, type checks and the listener rules.

import { readPlugins } from './plugins.ts';
import type { Section } from './read.ts';
import type {
  BackendType,
  CacheConfig,
  IdleCleanupConfig,
  LockConfig,
  RemoteFetchConfig,
  ServerConfig,
} from './types.ts';

const MIB = 1024 * 1024;
const MIN_IDLE_TIMEOUT_MIN = 5;

/** Server config without the placeholder bytes, which are fetched later (I/O). */
export type ServerConfigDraft = Omit<ServerConfig, 'placeholderBytes'>;

/** Reads `server`; `server` is an empty section when the key is absent. */
export function readServer(server: Section): ServerConfigDraft {
  const listen = server.string('listen') ?? ':8080';
  const listedListens = server.stringList('listens') ?? [];
  const listens = listedListens.length > 0 ? listedListens : [listen];
  const internalListen = server.string('internalListen') ?? ':8081';

  // Plain string equality, as the reference: `:8081` and `0.0.0.0:8081` are not compared.
  if (listens.includes(internalListen)) {
    server.problems.add(
      server.pathOf('internalListen'),
      `"${internalListen}" is also a public listener; use a different address`,
    );
  }

  const concurrency = server.int('concurrentImageProcessing') ?? 0;

  return {
    listen,
    listens,
    internalListen,
    monitoring: server.string('monitoring') ?? '',
    logLevel: server.string('logLevel') ?? 'prod',
    accessLogs: server.bool('accessLogs') ?? false,
    concurrentImageProcessing: concurrency > 0 ? concurrency : 100,
    requestTimeout: readSeconds(server, 'requestTimeout', 60),
    lockTimeout: readSeconds(server, 'lockTimeout', 30),
    cache: readCache(server.section('cache')),
    lock: readLock(server.section('lock')),
    idleCleanup: readIdleCleanup(server.section('idleCleanup')),
    maxFileSize: readNonNegative(server, 'maxFileSize') ?? 0,
    placeholder: emptyToUndefined(server.string('placeholder')),
    plugins: readPlugins(server.section('plugins')),
    remoteFetch: readRemoteFetch(server.section('remoteFetch')),
  };
}

function readCache(cache: Section | undefined): CacheConfig {
  const maxCacheItemSizeMB = positiveOr(readNonNegative(cache, 'maxCacheItemSizeMB'), 5);

  return {
    type: readBackendType(cache),
    address: cache?.stringList('address') ?? [],
    cacheSize: positiveOr(readNonNegative(cache, 'cacheSize'), 50000),
    maxCacheItemSizeMB,
    // The reference multiplies by 2 MiB (SPEC §12 item 8); stored configs rely on that limit.
    maxCacheItemBytes: maxCacheItemSizeMB * 2 * MIB,
    minUseCount: readNonNegative(cache, 'minUseCount') ?? 0,
    clientConfig: cache?.stringMap('clientConfig') ?? {},
  };
}

function readLock(lock: Section | undefined): LockConfig {
  return {
    type: readBackendType(lock),
    address: lock?.stringList('address') ?? [],
    clientConfig: lock?.stringMap('clientConfig') ?? {},
  };
}

function readBackendType(section: Section | undefined): BackendType {
  const type = section?.string('type');
  const backend: BackendType = type === 'redis' || type === 'redis-cluster' ? type : 'memory';

  if (backend !== 'memory' && (section?.stringList('address') ?? []).length === 0) {
    section?.problems.add(section.pathOf('address'), `type ${backend} needs at least one address`);
  }

  return backend;
}

function readIdleCleanup(idle: Section | undefined): IdleCleanupConfig {
  const enabled = idle?.bool('enabled') ?? false;
  const written = idle?.int('idleTimeoutMin') ?? 0;
  const idleTimeoutMin = written === 0 ? 15 : written;

  if (enabled && idle !== undefined && idleTimeoutMin < MIN_IDLE_TIMEOUT_MIN) {
    idle.problems.add(
      idle.pathOf('idleTimeoutMin'),
      `must be at least ${MIN_IDLE_TIMEOUT_MIN} when idle cleanup is enabled, got ${written}`,
    );
  }

  return { enabled, idleTimeoutMin, aggressiveGC: idle?.bool('aggressiveGC') ?? false };
}

function readRemoteFetch(remote: Section | undefined): RemoteFetchConfig {
  const allow = remote?.stringList('allow') ?? [];

  allow.forEach((entry, index) => {
    if (!isHostEntry(entry)) {
      remote?.problems.add(
        `${remote.pathOf('allow')}[${index}]`,
        `"${entry}" must be "host" or "host:port" (no scheme or path)`,
      );
    }
  });

  return { allow: allow.map((entry) => entry.toLowerCase()) };
}

function isHostEntry(entry: string): boolean {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]@]+)(?::(\d{1,5}))?$/.exec(entry);

  return match !== null && (match[2] === undefined || Number(match[2]) <= 65535);
}

// 0 means "use the default" for these timeouts (SPEC §2.3); negative values are mistakes.
function readSeconds(server: Section, key: string, fallback: number): number {
  return positiveOr(readNonNegative(server, key), fallback);
}

function readNonNegative(section: Section | undefined, key: string): number | undefined {
  const value = section?.int(key);

  if (value !== undefined && value < 0) {
    section?.problems.add(section.pathOf(key), `must not be negative, got ${value}`);
    return undefined;
  }

  return value;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value === undefined || value === 0 ? fallback : value;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
