// Entry point of watermark loading (SPEC §5.4 item 3, §12 item 30): classify the source, apply
// the policy for its origin, fetch under one deadline and size cap, and cache the bytes.

import { isMortError, type MortError } from '../errors.ts';
import { WatermarkCache } from './cache.ts';
import { DeadlineExceeded, startDeadline, type Deadline } from './deadline.ts';
import { errorCode, fetchFailed, sourceTooLarge } from './errors.ts';
import { readLocalFile, readRelativeSource, type ReadRelative } from './local.ts';
import { fetchRemote } from './remote.ts';
import { classifySource, type WatermarkSource } from './source.ts';

/** Default whole-fetch timeout. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** Default cap on a watermark's size: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Options of {@link fetchWatermark}. */
export interface WatermarkFetchOptions {
  /** true when the source came from a request (query, cloudinary), false for a config preset. */
  readonly fromQuery: boolean;
  /** `server.remoteFetch.allow`: `host` or `host:port` entries exempt from the address check. */
  readonly allow: readonly string[];
  /** Whole-fetch deadline (DNS, redirects, body) in milliseconds; default 5000. */
  readonly timeoutMs?: number;
  /** Largest accepted body in bytes; default 10 MiB. */
  readonly maxBytes?: number;
  /** Reads a relative request-supplied path from the bucket's storage. */
  readonly readRelative?: ReadRelative;
  /**
   * Names the storage `readRelative` reads (e.g. the bucket). Relative sources are cached only
   * when it is given: the same relative path means different files in different buckets.
   */
  readonly cacheScope?: string;
  /** Cache to use; default is one shared process-wide cache. */
  readonly cache?: WatermarkCache;
}

const sharedCache = new WatermarkCache();

/**
 * Returns the watermark image bytes named by `source` (an http(s) URL or a path). Every failure
 * is a 400 MortError whose message names no URL, address or path. The result is a fresh copy,
 * so callers may transfer or mutate it without touching the cache.
 */
export async function fetchWatermark(
  source: string,
  options: WatermarkFetchOptions,
): Promise<Uint8Array> {
  const classified = classifySource(source, options.fromQuery);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const key = cacheKey(classified, source, options);
  const load = () => loadWithDeadline(classified, options, maxBytes);

  if (key === undefined) return load();

  const bytes = await (options.cache ?? sharedCache).getOrLoad(key, load);
  // A cached or shared fetch ran with another caller's cap, which may be larger than ours.
  if (bytes.byteLength > maxBytes) throw sourceTooLarge(`${bytes.byteLength} bytes (cached)`);

  return bytes.slice();
}

/**
 * Query and preset entries never share a key: a URL or path an operator put in a preset must
 * not become readable by a client who guesses it while it is cached.
 */
function cacheKey(
  source: WatermarkSource,
  raw: string,
  options: WatermarkFetchOptions,
): string | undefined {
  const origin = options.fromQuery ? 'query' : 'preset';
  if (source.kind !== 'relative') return `${origin}\n${raw}`;
  if (options.cacheScope === undefined) return undefined;

  return `${origin}\n${options.cacheScope}\n${raw}`;
}

async function loadWithDeadline(
  source: WatermarkSource,
  options: WatermarkFetchOptions,
  maxBytes: number,
): Promise<Uint8Array> {
  const deadline = startDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  try {
    return await load(source, options, maxBytes, deadline);
  } catch (err) {
    throw asWatermarkError(err, deadline);
  } finally {
    deadline.dispose();
  }
}

function load(
  source: WatermarkSource,
  options: WatermarkFetchOptions,
  maxBytes: number,
  deadline: Deadline,
): Promise<Uint8Array> {
  switch (source.kind) {
    case 'url':
      return fetchRemote(source.url, {
        isTrusted: !options.fromQuery,
        allow: options.allow,
        maxBytes,
        deadline,
      });
    case 'file':
      return readLocalFile(source.path, maxBytes, deadline);
    case 'relative':
      return readRelativeSource(source.path, options.readRelative, maxBytes, deadline);
  }
}

function asWatermarkError(err: unknown, deadline: Deadline): MortError {
  if (isMortError(err)) return err;
  if (err instanceof DeadlineExceeded || deadline.signal.aborted) {
    const reason = deadline.signal.reason;
    return fetchFailed(reason instanceof Error ? reason.message : 'timed out');
  }

  return fetchFailed(`read failed: ${errorCode(err)}`);
}
