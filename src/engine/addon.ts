// Finds and loads the native addon. This folder is the only code that touches it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface NativeRenderResult {
  data: Buffer;
  width: number;
  height: number;
  pages: number;
  format: string;
}

export interface NativeMetadata {
  width: number;
  height: number;
  format: string;
  orientation: number;
  hasAlpha: boolean;
  pages: number;
}

export interface NativePoolStats {
  acquisitions: number;
  allocations: number;
  outstanding: number;
  pooledBlocks: number;
  pooledBytes: number;
}

export interface NativeCacheStats {
  entries: number;
  usedBytes: number;
  limitBytes: number;
  evictions: number;
}

/** Size-aware LRU bookkeeping of the memory response cache (native/src/cache.cc). */
export interface NativeResponseCache {
  /** True when present and fresh; marks it most recently used. */
  touch(key: string): boolean;
  /** Counts the entry once; returns the keys evicted to make room, or null if it cannot fit. */
  admit(key: string, bodyBytes: number, metaBytes: number, ttlMs: number): string[] | null;
  delete(key: string): boolean;
  stats(): NativeCacheStats;
}

export interface NativeAddon {
  ResponseCache: new (limitBytes: number) => NativeResponseCache;
  render(input: Uint8Array, plan: object): Promise<NativeRenderResult>;
  metadata(input: Uint8Array): Promise<NativeMetadata>;
  versions(): { vips: string };
  stats(): NativePoolStats;
  setConcurrency(threads: number): number;
  releaseMemory(): NativeReleased;
}

export interface NativeReleased {
  /** Idle output blocks freed. */
  pooledBytes: number;
  /** What libvips still tracks as allocated afterwards. */
  vipsTrackedBytes: number;
}

// In the repository the addon sits in native/build; beside a compiled executable it sits in
// the executable's folder (with libvips next to it). MORT_ADDON overrides both.
function candidates(): string[] {
  const fromEnv = process.env.MORT_ADDON;
  return [
    ...(fromEnv ? [fromEnv] : []),
    join(dirname(process.execPath), 'mort.node'),
    join(import.meta.dir, '..', '..', 'native', 'build', 'Release', 'mort.node'),
  ];
}

function load(): NativeAddon {
  const require = createRequire(import.meta.url);
  const found = candidates().find((path) => existsSync(path));
  if (!found) {
    throw new Error('native addon not found: run `bun install` (it builds native/)');
  }
  return require(found) as NativeAddon;
}

export const addon: NativeAddon = load();
