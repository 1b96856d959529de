// GET and HEAD of an original (SPEC §6.2): streamed from storage, never read whole.
import { metrics } from '../monitoring/metrics.ts';
import type { RequestContext, Services } from './context.ts';
import { fromStorage, withHeaderRules } from './responses.ts';
import { locationOf } from './storages.ts';

const PRESIGN_SECONDS = 5 * 60 * 60;

export async function serveOriginal(services: Services, context: RequestContext):
  Promise<Response> {
  const storage = services.storages.get(context.object.storage);
  const location = locationOf(context.object);
  if (context.request.method === 'HEAD') {
    return fromStorage(services, context, await storage.head(location), { storage, location });
  }

  // Large originals go straight to the object store when it can pre-sign; other storages
  // stream them (SPEC §6.11, §12.36).
  const { maxFileSize } = services.config.server;
  if (maxFileSize > 0 && storage.presignGet) {
    const head = await storage.head(location);
    if ((head.metadata.size ?? 0) > maxFileSize) {
      const url = await storage.presignGet(location, PRESIGN_SECONDS);
      const headers = withHeaderRules(services, context, 307, { location: url });
      return new Response(null, { status: 307, headers });
    }
  }
  const result = await storage.get(location);
  metrics.requestType.inc({ type: 'download' });
  return fromStorage(services, context, result, { storage, location });
}
