// The placeholder image (SPEC §6.9): on throttling, deadlines and upstream failures of a
// transformed object, answer with the configured placeholder instead of an error body, with
// the error status. The first time, the raw placeholder goes out while a copy rendered with the
// object's own operations is prepared and cached for the next requests.
import { render } from '../engine/index.ts';
import { isDebug } from '../http/debug.ts';
import type { MortError } from '../errors.ts';
import { chainRecords, type MortObject } from '../object/index.ts';
import { hex64, mergeRecords } from '../transforms/index.ts';
import type { RequestContext, Services } from './context.ts';
import { generatedHeaders } from './generated.ts';
import { buildRenderPlan, serverLimits } from './render-plan.ts';
import { withHeaderRules } from './responses.ts';

const PLACEHOLDER_STATUSES = new Set([499, 500, 502, 503, 504]);

function sniffedType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return 'image/gif';
  if (new TextDecoder().decode(bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return 'application/octet-stream';
}

function placeholderKey(services: Services, object: MortObject): string {
  const record = object.transforms!;
  return `${object.bucket}${services.config.server.placeholder}${hex64(record.hash())}`;
}

export function usesPlaceholder(services: Services, context: RequestContext,
  error: MortError): boolean {
  return services.config.server.placeholderBytes !== undefined &&
    context.object.transforms !== undefined && !isDebug(context.request) &&
    PLACEHOLDER_STATUSES.has(error.status);
}

export async function placeholderResponse(services: Services, context: RequestContext,
  status: number): Promise<Response> {
  const bytes = services.config.server.placeholderBytes!;
  const key = placeholderKey(services, context.object);
  const cached = await services.cache.get(key);
  if (cached) {
    const headers = new Headers(cached.headers as [string, string][]);
    return new Response(context.request.method === 'HEAD' ? null : cached.body,
      { status, headers });
  }

  services.background.run('render placeholder', () =>
    services.renders.run(key, async () => {
      const records = mergeRecords(chainRecords(context.object));
      const plan = await buildRenderPlan(records, () => Promise.resolve(bytes),
        serverLimits(services));
      const result = await services.renderGate.run(() => render(bytes, plan));
      const headers = withHeaderRules(services, context, status, generatedHeaders(result));
      await services.cache.set(key, { status, headers: [...headers] as [string, string][],
        body: result.data }, 3600);
      return { data: result.data, headers: Object.fromEntries(headers) };
    }));

  const headers = withHeaderRules(services, context, status,
    { 'content-type': sniffedType(bytes), 'content-length': String(bytes.length) });
  return new Response(context.request.method === 'HEAD' ? null : bytes, { status, headers });
}
