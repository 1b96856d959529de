// Starts every listener of a configuration and stops them all on request.
import type { MortConfig } from '../config/index.ts';
import { createAccessLogger, withAccessLog } from '../monitoring/access-log.ts';
import { log } from '../monitoring/log.ts';
import { loadScripts } from '../object/index.ts';
import { enableApplicationMetrics } from '../monitoring/metrics.ts';
import type { Services } from '../processor/context.ts';
import { createApp } from './app.ts';
import { internalFetch } from './internal.ts';
import { listen, type Listener } from './listeners.ts';
import { createServices } from './services.ts';

export interface RunningServer {
  services: Services;
  publicListeners: Listener[];
  internalListener: Listener;
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
  const internalListener = await listen(config.server.internalListen, internalFetch);

  return {
    services,
    publicListeners,
    internalListener,
    async stop(graceMs = config.server.requestTimeout * 1000) {
      await Promise.all([...publicListeners, internalListener].map((l) => l.stop(graceMs)));
      // Store-backs already started are allowed to land.
      await Promise.race([services.background.idle(), Bun.sleep(graceMs)]);
      await Promise.all([services.cache.close(), services.sharedLock?.close()]);
      log.info('listeners closed');
    },
  };
}
