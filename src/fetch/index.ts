// Public surface of src/fetch/: loading watermark images safely (SPEC §5.4 item 3, §12 item 30).

export { WatermarkCache, type WatermarkCacheLimits } from './cache.ts';
export { blockedReason, isPublicAddress } from './ip-address.ts';
export type { ReadRelative } from './local.ts';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  fetchWatermark,
  type WatermarkFetchOptions,
} from './watermark.ts';
