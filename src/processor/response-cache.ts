// The response cache in the request flow (SPEC §6.8): look up before any work, fill after in
// the background when the response is cacheable. Hits are served from the cache's own memory.
import { responseCacheKey } from '../cache/index.ts';
import { MemoryResponseCache } from '../cache/memory.ts';
import { bytesRangeable } from '../http/range.ts';
import { markRangeable, rangeableOf } from '../http/rangeable.ts';
import { cacheCounts } from '../monitoring/metrics.ts';
import type { MortObject } from '../object/index.ts';
import type { Services } from './context.ts';

const LOOKUP_METHODS = new Set(['GET', 'HEAD']);

/**
 * One entry per object, whatever the Range header: the entry is always the whole response and
 * ranges are cut from it afterwards (http/post-process.ts). Mort keys by Range too, which only
 * stores the same bytes again per range, and leaves ranged entries behind when PUT or DELETE
 * drops the object's entry.
 */
export function objectCacheKey(object: MortObject): string {
  return responseCacheKey(object.bucket, object.key);
}

/** Whether this request may be answered from (and fill) the cache. */
export function usesCache(request: Request, object: MortObject): boolean {
  if (!LOOKUP_METHODS.has(request.method) || object.key === '') return false;
  return request.method === 'GET' || object.transforms !== undefined;
}

function hitResponse(request: Request, status: number, headers: Headers,
  body: Uint8Array | Blob): Response {
  const response = new Response(request.method === 'HEAD' ? null : body, { status, headers });
  if (body instanceof Blob) {
    return markRangeable(response, { size: body.size, slice: (s, e) => body.slice(s, e + 1) });
  }
  return markRangeable(response, bytesRangeable(body));
}

export async function lookupCached(services: Services, request: Request, object: MortObject):
  Promise<Response | undefined> {
  const { cache } = services;
  const key = objectCacheKey(object);
  if (cache instanceof MemoryResponseCache) {
    const hit = cache.lookup(key);
    if (hit) cacheCounts.hit++;
    else cacheCounts.miss++;
    return hit && hitResponse(request, hit.status, hit.headers, hit.body);
  }
  const hit = await cache.get(key);
  if (hit) cacheCounts.hit++;
  else cacheCounts.miss++;
  if (!hit) return undefined;
  const headers = new Headers(hit.headers as [string, string][]);
  headers.set('x-mort-cache', 'hit');
  return hitResponse(request, hit.status, headers, hit.body);
}

/** Seconds of `max-age` in Cache-Control, or 0 when absent. */
function maxAgeSeconds(headers: Headers): number {
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(headers.get('cache-control') ?? '');
  return match ? Number(match[1]) : 0;
}

/**
 * Starts a background fill when the response qualifies. The body is read again through the
 * response's rangeable source (memory, file slice or storage), so the response itself is sent
 * untouched.
 */
export function fillCache(services: Services, request: Request, object: MortObject,
  response: Response): void {
  const source = rangeableOf(response);
  const status = response.status;
  if (request.method !== 'GET' || status < 200 || status > 298 || source === undefined) return;

  storeInBackground(services, objectCacheKey(object), status, response.headers, source.size,
    async () => {
      const whole = source.size === 0 ? new Uint8Array(0) : source.slice(0, source.size - 1);
      return whole instanceof Uint8Array ? whole
        : new Uint8Array(await new Response(whole).arrayBuffer());
    });
}

/**
 * Stores a response of `size` bytes in the background when its `max-age` and size allow
 * (SPEC §6.8). `readBody` runs in the background too; a body of another size is not stored.
 */
export function storeInBackground(services: Services, key: string, status: number,
  headers: Headers, size: number, readBody: () => Promise<Uint8Array>): void {
  const ttl = maxAgeSeconds(headers);
  if (ttl <= 0 || size >= services.config.server.cache.maxCacheItemBytes) return;

  const entry = { status, headers: [...headers] as [string, string][] };
  services.background.run('cache fill', async () => {
    const body = await readBody();
    if (body.length !== size) return;
    await services.cache.set(key, { ...entry, body }, ttl);
    cacheCounts.set++;
  });
}
