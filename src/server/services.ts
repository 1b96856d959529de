// Builds the process-wide services of the request flow from the configuration.
import { availableParallelism } from 'node:os';
import { createRedisResponseCache, responseCacheKey, type ResponseCache } from
  '../cache/index.ts';
import { MemoryResponseCache } from '../cache/memory.ts';
import type { MortConfig } from '../config/index.ts';
import { DEFAULT_MAX_PIXELS } from '../engine/index.ts';
import { fetchWatermark } from '../fetch/index.ts';
import { createLock } from '../lock/index.ts';
import { metrics } from '../monitoring/metrics.ts';
import { BackgroundQueue } from '../processor/background.ts';
import { GlacierRestores } from '../processor/glacier.ts';
import { Collapser } from '../processor/collapse.ts';
import type { Rendered, Services } from '../processor/context.ts';
import { Storages } from '../processor/storages.ts';
import { RenderGate } from '../processor/render-gate.ts';
import { Throttle } from '../processor/throttle.ts';
import type { Watermark } from '../transforms/index.ts';

export function createServices(config: MortConfig): Services {
  const storages = new Storages(config);
  // About one render per core runs at once; `concurrentImageProcessing` bounds the queue.
  const waiting = config.server.concurrentImageProcessing;
  const running = Math.max(1, Math.min(availableParallelism(), waiting));

  const loadWatermark = (watermark: Watermark, bucket: string) =>
    fetchWatermark(watermark.image, {
      fromQuery: watermark.origin === 'request',
      allow: config.server.remoteFetch.allow,
      cacheScope: bucket,
      readRelative: async (path) => {
        const key = path.startsWith('/') ? path : `/${path}`;
        const result = await storages.basic(bucket).get({ bucket, key });
        return new Uint8Array(await new Response(result.body).arrayBuffer());
      },
    });

  const cache = createResponseCache(config);
  const background = new BackgroundQueue();
  const { lock, lockTimeout } = config.server;
  return {
    config,
    storages,
    cache,
    sharedLock: lock.type === 'memory' ? undefined : createLock<true>(lock, lockTimeout),
    glacierRestores: new GlacierRestores({
      runInBackground: (name, task) => background.run(name, task),
      metrics: {
        errorDetected: () => metrics.glacierDetected.inc(),
        restoreInitiated: () => metrics.glacierRestores.inc(),
      },
    }),
    onObjectChanged: (bucket, key) => {
      void cache.delete(responseCacheKey(bucket, key));
    },
    throttle: new Throttle(running, waiting),
    renderGate: new RenderGate(),
    background,
    renders: new Collapser<Rendered>(),
    loadWatermark,
    maxPixels: DEFAULT_MAX_PIXELS,
  };
}

function createResponseCache(config: MortConfig): ResponseCache {
  const { cache } = config.server;
  return cache.type === 'memory' ? new MemoryResponseCache(cache) : createRedisResponseCache(cache);
}
