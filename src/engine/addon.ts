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

/** Size-aware LRU of response bytes outside the JavaScript heap (native/src/cache.cc). */
export interface NativeResponseCache {
  /** [body over the entry's memory (no copy), meta] or undefined when absent or expired. */
  get(key: string): [Buffer, string] | undefined;
  /** Copies the body once; false when it does not fit or the TTL is not positive. */
  set(key: string, body: Uint8Array, meta: string, ttlMs: number): boolean;
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
