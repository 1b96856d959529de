// One object request from resolution to the bytes sent: response cache, request flow, cache
// fill, then the post-processing every answer gets (plugins, debug, ranges, compression).
import { addCors } from '../http/header-rules.ts';
import { postProcess } from '../http/post-process.ts';
import type { MortObject } from '../object/index.ts';
import type { Services } from './context.ts';
import { processRequest } from './processor.ts';
import { fillCache, lookupCached, usesCache } from './response-cache.ts';

export async function serveObject(
  services: Services,
  request: Request,
  object: MortObject,
  authenticated: boolean,
): Promise<Response> {
  // Signed reads skip the cache: their answers carry `no-cache` (SPEC §6.10).
  const cached = !authenticated && usesCache(request, object);
  let response = cached ? await lookupCached(services, request, object) : undefined;
  if (!response) {
    response = await processRequest(services, { request, object, authenticated });
    // CORS goes in before caching, so that hits carry it already.
    addCors(response.headers);
    if (cached) fillCache(services, request, object, response);
  }
  return postProcess(services, request, object, response);
}
