// The body of the original a rendering starts from (SPEC §6.3 step 6): from the response cache
// when a GET of the original put it there, else from storage; a freshly read original is
// cached as that GET would have cached it, under the same limits (SPEC §12.35).
import { responseCacheKey } from '../cache/index.ts';
import { addCors } from '../http/header-rules.ts';
import { cacheCounts } from '../monitoring/metrics.ts';
import type { MortObject } from '../object/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Services } from './context.ts';
import { maxAgeSeconds } from './response-cache.ts';
import { storageHeaders } from './responses.ts';
import { locationOf } from './storages.ts';

export async function readParent(services: Services, top: MortObject, storage: Storage):
  Promise<Uint8Array> {
  const key = responseCacheKey(top.bucket, top.key);
  const hit = await services.cache.get(key);
  if (hit?.status === 200) {
    cacheCounts.hit++;
    return hit.body;
  }
  cacheCounts.miss++;

  const parent = await storage.get(locationOf(top));
  const body = new Uint8Array(await new Response(parent.body).arrayBuffer());

  // The headers a GET of the original would have been cached with.
  const headers = storageHeaders(services, { object: top, authenticated: false }, 200,
    parent.headers);
  addCors(headers);
  const ttl = maxAgeSeconds(headers);
  if (ttl > 0 && body.length < services.config.server.cache.maxCacheItemBytes) {
    services.background.run('cache fill', async () => {
      await services.cache.set(key, { status: 200, headers: [...headers], body }, ttl);
      cacheCounts.set++;
    });
  }
  return body;
}
