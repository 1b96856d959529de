export { render, metadata, poolStats, releaseMemory, vipsVersion, setThreads } from './engine.ts';
export type { RenderResult, ImageMetadata } from './engine.ts';
export * from './plan.ts';
export { addon as nativeAddon } from './addon.ts';
export type { NativeResponseCache, NativeCacheStats, NativeReleased } from './addon.ts';
