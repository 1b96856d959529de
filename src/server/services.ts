// Builds the process-wide services of the request flow from the configuration.
import { availableParallelism } from 'node:os';
import type { MortConfig } from '../config/index.ts';
import { DEFAULT_MAX_PIXELS } from '../engine/index.ts';
import { fetchWatermark } from '../fetch/index.ts';
import { BackgroundQueue } from '../processor/background.ts';
import { Collapser } from '../processor/collapse.ts';
import type { Rendered, Services } from '../processor/context.ts';
import { Storages } from '../processor/storages.ts';
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

  return {
    config,
    storages,
    throttle: new Throttle(running, waiting),
    background: new BackgroundQueue(),
    renders: new Collapser<Rendered>(),
    loadWatermark,
    maxPixels: DEFAULT_MAX_PIXELS,
  };
}
