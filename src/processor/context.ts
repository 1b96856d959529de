// What every step of the request flow shares: the process-wide services and the request.
import type { MortConfig } from '../config/index.ts';
import type { MortObject } from '../object/index.ts';
import type { Watermark } from '../transforms/index.ts';
import type { BackgroundQueue } from './background.ts';
import type { Collapser } from './collapse.ts';
import type { Storages } from './storages.ts';
import type { Throttle } from './throttle.ts';

/** A rendered image, shared by every collapsed request for it (the bytes are not copied). */
export interface Rendered {
  data: Buffer;
  headers: Record<string, string>;
}

export interface Services {
  config: MortConfig;
  storages: Storages;
  throttle: Throttle;
  background: BackgroundQueue;
  renders: Collapser<Rendered>;
  /** Fetches a watermark image for a record of `bucket`. */
  loadWatermark: (watermark: Watermark, bucket: string) => Promise<Uint8Array>;
  maxPixels: number;
}

export interface RequestContext {
  request: Request;
  object: MortObject;
  /** The request carried a valid S3 signature (SPEC §6.10 step 3). */
  authenticated: boolean;
}
