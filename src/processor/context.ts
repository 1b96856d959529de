// What every step of the request flow shares: the process-wide services and the request.
import type { ResponseCache } from '../cache/index.ts';
import type { MortConfig } from '../config/index.ts';
import type { Lock } from '../lock/index.ts';
import type { MortObject } from '../object/index.ts';
import type { Watermark } from '../transforms/index.ts';
import type { BackgroundQueue } from './background.ts';
import type { Collapser } from './collapse.ts';
import type { GlacierRestores } from './glacier.ts';
import type { Storages } from './storages.ts';
import type { RenderGate } from './render-gate.ts';
import type { Throttle } from './throttle.ts';

/** A rendered image, shared by every collapsed request for it (the bytes are not copied). */
export interface Rendered {
  data: Buffer;
  headers: Record<string, string>;
}

export interface Services {
  config: MortConfig;
  storages: Storages;
  cache: ResponseCache;
  throttle: Throttle;
  /** Every rendering enters it; idle cleanup closes it while memory is released. */
  renderGate: RenderGate;
  background: BackgroundQueue;
  renders: Collapser<Rendered>;
  /** The cross-instance lock when `server.lock` is Redis; undefined for one instance. */
  sharedLock: Lock<true> | undefined;
  glacierRestores: GlacierRestores;
  /** Fetches a watermark image for a record of `bucket`. */
  loadWatermark: (watermark: Watermark, bucket: string) => Promise<Uint8Array>;
  maxPixels: number;
  /**
   * Called after an object was written, copied, completed or deleted, so that whatever is
   * cached for it can be dropped (SPEC §6.1 cache invalidation). `key` is the resolved object
   * key (`MortObject.key`: `/a/b.jpg` for originals, the result key for renderings). Must not
   * throw; may start asynchronous work.
   */
  onObjectChanged?: (bucket: string, key: string) => void;
}

export interface RequestContext {
  request: Request;
  object: MortObject;
  /** The request carried a valid S3 signature (SPEC §6.10 step 3). */
  authenticated: boolean;
}
