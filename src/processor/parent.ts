// The body of the original a rendering starts from (SPEC §6.3 step 6): from the response cache
// when a GET of the original put it there, else from storage; a freshly read original is
// cached as that GET would have cached it, under the same limits (SPEC §12.35).
import { addCors } from '../http/header-rules.ts';
import { cacheCounts } from '../monitoring/metrics.ts';
import type { MortObject } from '../object/index.ts';
import type { Storage } from '../storage/index.ts';
import type { Services } from './context.ts';
import { objectCacheKey, storeInBackground } from './response-cache.ts';
import { storageHeaders } from './responses.ts';
import { locationOf } from './storages.ts';

export async function readParent(services: Services, top: MortObject, storage: Storage):
  Promise<Uint8Array> {
  const key = objectCacheKey(top);
  const hit = await services.cache.get(key);
  if (hit?.status === 200) {
    cacheCounts.hit++;
    return hit.body;
  }
  cacheCounts.miss++;

  const parent = await storage.get(locationOf(top));
  const body = new Uint8Array(await new Response(parent.body).arrayBuffer());

  // Stored with the headers a GET of the original would have been cached with.
  const headers = storageHeaders(services, { object: top, authenticated: false }, 200,
    parent.headers);
  addCors(headers);
  storeInBackground(services, key, 200, headers, body.length, async () => body);
  return body;
}
