// GET and HEAD of a transformed object (SPEC §6.3, §6.4): a stored rendering if there is one,
// else render from the top-most parent, answer, and store the result in the background.
import { render } from '../engine/index.ts';
import { MortError } from '../errors.ts';
import { markRendered } from '../http/debug.ts';
import { bytesRangeable } from '../http/range.ts';
import { markRangeable } from '../http/rangeable.ts';
import { chainRecords, topParent, type MortObject } from '../object/index.ts';
import type { HeadResult, Storage } from '../storage/index.ts';
import { mergeRecords } from '../transforms/index.ts';
import { responseCacheKey } from '../cache/index.ts';
import { metrics } from '../monitoring/metrics.ts';
import { runShared } from './collapse.ts';
import type { Rendered, RequestContext, Services } from './context.ts';
import { generatedHeaders, storedMetadata } from './generated.ts';
import { readParent } from './parent.ts';
import { buildRenderPlan, serverLimits } from './render-plan.ts';
import { fromStorage, withHeaderRules } from './responses.ts';
import { locationOf } from './storages.ts';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}

function isNotFound(err: unknown): boolean {
  return err instanceof MortError && err.code === 'not_found';
}

function itemNotFound(): MortError {
  return new MortError('not_found', 'item not found');
}

export async function serveTransformed(services: Services, context: RequestContext):
  Promise<Response> {
  const { object } = context;
  const transformStorage = services.storages.get(object.storage);
  const top = topParent(object);
  const parentStorage = services.storages.get(top.storage);
  const headParent = () => settle(parentStorage.head(locationOf(top)));
  const parentCheck = object.checkParent ? headParent() : undefined;

  const stored = await settle(transformStorage.get(locationOf(object)));
  if (stored.ok) {
    const check = parentCheck && await parentCheck;
    if (check && !check.ok && isNotFound(check.error)) {
      await stored.value.body.cancel();
      throw check.error;
    }
    return fromStorage(services, context, stored.value,
      { storage: transformStorage, location: locationOf(object) });
  }
  if (!isNotFound(stored.error)) throw stored.error;

  const parent = await (parentCheck ?? headParent());
  if (!parent.ok) throw parent.error;
  if (!isImage(parent.value)) throw itemNotFound();

  // A parent with no operations is served as it is (§6.4).
  if (!object.transforms) {
    const location = locationOf(top);
    return fromStorage(services, context, await parentStorage.get(location),
      { storage: parentStorage, location });
  }

  const rendered = await services.renders.run(`${object.bucket}${object.key}`, () => {
    const render = (publish: () => void) =>
      renderObject(services, object, top, parentStorage, transformStorage, publish);
    if (!services.sharedLock) return render(() => {});
    return runShared(services.sharedLock, object.bucket, object.key,
      services.config.server.lockTimeout * 1000,
      { render, findFinished: () => findFinished(services, object, transformStorage) });
  });
  const headers = withHeaderRules(services, context, 200, rendered.headers);
  const response = new Response(context.request.method === 'HEAD' ? null : rendered.data,
    { status: 200, headers });
  return markRendered(markRangeable(response, bytesRangeable(rendered.data)));
}

function isImage(head: HeadResult): boolean {
  return head.metadata.contentType.includes('image/');
}

async function renderObject(
  services: Services,
  object: MortObject,
  top: MortObject,
  parentStorage: Storage,
  transformStorage: Storage,
  publish: () => void,
): Promise<Rendered> {
  const input = await readParent(services, top, parentStorage);

  const records = mergeRecords(chainRecords(object));
  const plan = await buildRenderPlan(records,
    (watermark) => services.loadWatermark(watermark, object.bucket), serverLimits(services));

  const release = await services.throttle.acquire().catch((err: unknown) => {
    metrics.throttled.inc();
    throw err;
  });
  metrics.requestType.inc({ type: 'transform' });
  const started = performance.now();
  let result;
  try {
    result = await services.renderGate.run(() => render(input, plan));
  } finally {
    release();
    metrics.generationTime.observe(performance.now() - started);
  }

  const headers = generatedHeaders(result);
  const data = result.data;
  const storing = services.background.run('store rendered image', async () => {
    try {
      await transformStorage.put(locationOf(object), data, {
        contentType: headers['content-type'],
        contentLength: data.length,
        metadata: storedMetadata(headers),
      });
    } finally {
      publish();
    }
  });
  if (!storing) publish();
  return { data, headers };
}

/** After another instance rendered: its result from the shared cache or transform storage. */
async function findFinished(services: Services, object: MortObject, transformStorage: Storage):
  Promise<Rendered | undefined> {
  const hit = await services.cache.get(responseCacheKey(object.bucket, object.key));
  if (hit) return { data: Buffer.from(hit.body), headers: Object.fromEntries(hit.headers) };
  try {
    const stored = await transformStorage.get(locationOf(object));
    const data = Buffer.from(await new Response(stored.body).arrayBuffer());
    return { data, headers: stored.headers };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
