// What happens to every object response after the request flow (SPEC §3, §9, §6.14): format
// plugins' Vary, debug headers, conditional and range requests, then compression.
import { compress } from '../plugins/compress.ts';
import { postFormat } from '../plugins/format.ts';
import type { MortObject } from '../object/index.ts';
import type { Services } from '../processor/context.ts';
import { applyConditionals } from './conditional.ts';
import { addDebugHeaders, isDebug } from './debug.ts';
import { rangeableOf } from './rangeable.ts';

export function postProcess(
  services: Services,
  request: Request,
  object: MortObject,
  response: Response,
): Response {
  const { plugins } = services.config.server;
  postFormat(object, plugins, response);
  if (isDebug(request)) {
    addDebugHeaders(response, object, (o) => services.storages.get(o.storage).kind);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return response;

  let result = applyConditionals(request, response, rangeableOf(response));
  if (plugins.compress) result = compress(request, result, plugins.compress);
  return result;
}
