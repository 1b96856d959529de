// Response building shared by the flows: storage results and header rules.
import { applyHeaderRules } from '../http/header-rules.ts';
import { lazyRangeable, markRangeable } from '../http/rangeable.ts';
import type { GetResult, HeadResult, ObjectLocation, Storage } from '../storage/index.ts';
import type { RequestContext, Services } from './context.ts';

/** What header rules need to know of a request. */
type RuleContext = Pick<RequestContext, 'object' | 'authenticated'>;

export function withHeaderRules(
  services: Services,
  context: RuleContext,
  status: number,
  raw: Record<string, string>,
): Headers {
  const headers = new Headers(raw);
  const bucket = services.config.buckets[context.object.bucket];
  applyHeaderRules(headers, status, bucket?.headers ?? {}, services.config.headers,
    context.authenticated);
  return headers;
}

/** A storage answer's headers after the header rules. */
export function storageHeaders(
  services: Services,
  context: RuleContext,
  status: number,
  raw: Record<string, string>,
): Headers {
  const headers = withHeaderRules(services, context, status, raw);
  // Uploaded SVG, HTML or anything else a browser might run as a document must not run
  // scripts on the image domain. CSP does not affect subresources, so CSS and fonts still work.
  if (!/^\s*image\/(?!svg)/i.test(headers.get('content-type') ?? '')) {
    headers.set('content-security-policy', 'sandbox');
  }
  return headers;
}

/** Where a storage response came from, so that ranges of it can be read again. */
export interface StorageSource {
  storage: Storage;
  location: ObjectLocation;
}

/**
 * A storage GET or HEAD as a response; HEAD never carries the body. Full responses of known
 * size are marked rangeable: local files by slicing the file, other storages by range GETs.
 */
export function fromStorage(
  services: Services,
  context: RequestContext,
  result: GetResult | HeadResult,
  source?: StorageSource,
): Response {
  const headers = storageHeaders(services, context, result.status, result.headers);
  const file = 'file' in result ? result.file : undefined;
  if ('body' in result && (context.request.method === 'HEAD' || file)) void result.body.cancel();
  const body = context.request.method === 'HEAD' || !('body' in result) ? null
    : file ?? result.body;
  const response = new Response(body, { status: result.status, headers });

  const size = result.metadata.size;
  if (result.status !== 200 || size === undefined) return response;
  if (file) return markRangeable(response, { size, slice: (s, e) => file.slice(s, e + 1) });
  if (!source) return response;
  return markRangeable(response, lazyRangeable(size, async (start, end) =>
    (await source.storage.get(source.location, { range: { start, end } })).body));
}
