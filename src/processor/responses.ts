// Response building shared by the flows: storage results and header rules.
import { applyHeaderRules } from '../http/header-rules.ts';
import type { GetResult, HeadResult } from '../storage/index.ts';
import type { RequestContext, Services } from './context.ts';

export function withHeaderRules(
  services: Services,
  context: RequestContext,
  status: number,
  raw: Record<string, string>,
): Headers {
  const headers = new Headers(raw);
  const bucket = services.config.buckets[context.object.bucket];
  applyHeaderRules(headers, status, bucket?.headers ?? {}, services.config.headers,
    context.authenticated);
  return headers;
}

/** A storage GET or HEAD as a response; HEAD never carries the body. */
export function fromStorage(
  services: Services,
  context: RequestContext,
  result: GetResult | HeadResult,
): Response {
  const headers = withHeaderRules(services, context, result.status, result.headers);
  if (!('body' in result)) return new Response(null, { status: result.status, headers });
  if (context.request.method === 'HEAD' || result.file) void result.body.cancel();
  const body = context.request.method === 'HEAD' ? null : result.file ?? result.body;
  return new Response(body, { status: result.status, headers });
}
