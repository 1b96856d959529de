// Starts every listener of a configuration and stops them all on request.
import { existsSync } from 'node:fs';
import type { MortConfig } from '../config/index.ts';
import { releaseMemory } from '../engine/index.ts';
import { createAccessLogger, withAccessLog } from '../monitoring/access-log.ts';
import { log } from '../monitoring/log.ts';
import { enableApplicationMetrics, metrics } from '../monitoring/metrics.ts';
import { loadScripts } from '../object/index.ts';
import type { Services } from '../processor/context.ts';
import { IdleCleanup } from '../processor/idle-cleanup.ts';
import { createApp } from './app.ts';
import { createInternalFetch } from './internal.ts';
import { listen, type Listener } from './listeners.ts';
import { createServices } from './services.ts';

export interface RunningServer {
  services: Services;
  publicListeners: Listener[];
  internalListener: Listener;
  /** Present when `server.idleCleanup.enabled`. */
  idleCleanup: IdleCleanup | undefined;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes. */
  stop(graceMs?: number): Promise<void>;
}

export async function startServer(config: MortConfig): Promise<RunningServer> {
  if (config.server.monitoring === 'prometheus') enableApplicationMetrics();
  await loadScripts(config);
  const services = createServices(config);
  const app = createApp(services);
  const publicFetch = config.server.accessLogs
    ? withAccessLog(async (request) => app.fetch(request), createAccessLogger())
    : app.fetch;
  const addresses = config.server.listens.length > 0 ? config.server.listens
    : [config.server.listen];

  const publicListeners: Listener[] = [];
  for (const address of addresses) publicListeners.push(await listen(address, publicFetch));
  const internalListener = await listen(config.server.internalListen,
    createInternalFetch(services));
  const idleCleanup = startIdleCleanup(config, services);
  warnAboutStorages(config);

  return {
    services,
    publicListeners,
    internalListener,
    idleCleanup,
    async stop(graceMs = config.server.requestTimeout * 1000) {
      await idleCleanup?.stop();
      await Promise.all([...publicListeners, internalListener].map((l) => l.stop(graceMs)));
      // Store-backs already started are allowed to land.
      await Promise.race([services.background.idle(), Bun.sleep(graceMs)]);
      await Promise.all([services.cache.close(), services.sharedLock?.close()]);
      log.info('listeners closed');
    },
  };
}

function startIdleCleanup(config: MortConfig, services: Services): IdleCleanup | undefined {
  const { enabled, idleTimeoutMin, aggressiveGC } = config.server.idleCleanup;
  if (!enabled) return undefined;
  const cleanup = new IdleCleanup({
    gate: services.renderGate,
    idleTimeoutMs: idleTimeoutMin * 60_000,
    aggressiveGC,
    release: () => releaseMemory(),
    onFreed: (bytes) => {
      metrics.vipsCleanup.inc();
      log.info({ freedBytes: bytes }, 'idle cleanup released memory');
    },
  });
  cleanup.start();
  return cleanup;
}

/**
 * Storages that will answer 503 whatever the request: a local one whose rootPath is missing
 * (until it exists), and kinds without an adapter here. Said once at start, not per request.
 */
function warnAboutStorages(config: MortConfig): void {
  for (const [bucket, { storages }] of Object.entries(config.buckets)) {
    for (const [name, storage] of Object.entries(storages)) {
      if (storage.kind === 'azure' || storage.kind === 'sftp') {
        log.warn({ bucket, storage: name, kind: storage.kind },
          'storage kind is not supported by this server: its requests answer 503');
      }
      const local = storage.kind === 'local' || storage.kind === 'local-meta';
      if (local && storage.rootPath && !existsSync(storage.rootPath)) {
        log.warn({ bucket, storage: name, rootPath: storage.rootPath },
          'storage rootPath does not exist: its requests answer 503 until it is created');
      }
    }
  }
}
