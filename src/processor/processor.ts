// Dispatches a resolved request by method (SPEC §6.1) and bounds transformed requests by
// `requestTimeout` and by the client staying connected (§6.7).
import { MortError } from '../errors.ts';
import type { RequestContext, Services } from './context.ts';
import { handleArchived, isArchivedObjectError } from './glacier.ts';
import { serveOriginal } from './original.ts';
import { placeholderResponse, usesPlaceholder } from './placeholder.ts';
import { toMortError } from '../http/errors.ts';
import { withHeaderRules } from './responses.ts';
import { serveTransformed } from './transformed.ts';
import { deleteObject, putObject } from './writes.ts';

export async function processRequest(services: Services, context: RequestContext):
  Promise<Response> {
  switch (context.request.method) {
    case 'GET':
    case 'HEAD':
      return serveRead(services, context);
    case 'PUT':
      return putObject(services, context);
    case 'DELETE':
      return deleteObject(services, context);
    default:
      throw new MortError('bad_request', 'error: method not allowed', { status: 405 });
  }
}

async function serveRead(services: Services, context: RequestContext): Promise<Response> {
  const { object } = context;
  try {
    return await (object.transforms || object.parent
      ? withDeadline(services, context, serveTransformed(services, context))
      : serveOriginal(services, context));
  } catch (err) {
    const error = toMortError(err);
    if (!isArchivedObjectError(err) && usesPlaceholder(services, context, error)) {
      return placeholderResponse(services, context, error.status);
    }
    if (!isArchivedObjectError(err)) throw err;
    const archived = await handleArchived(err, {
      glacier: services.config.buckets[object.bucket]?.glacier,
      restores: services.glacierRestores,
    });
    const headers = withHeaderRules(services, context, archived.status,
      Object.fromEntries(archived.headers));
    return new Response(archived.body, { status: archived.status, headers });
  }
}

/**
 * The work goes on when the deadline fires or the client leaves (the render and the store-back
 * finish and are kept); only the answer is given up.
 */
function withDeadline(services: Services, context: RequestContext, work: Promise<Response>):
  Promise<Response> {
  const timeoutMs = services.config.server.requestTimeout * 1000;
  const cancelled = new MortError('timeout', 'error: request timed out or was cancelled',
    { status: 499 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(cancelled), timeoutMs);
    onAbort = () => reject(cancelled);
    context.request.signal.addEventListener('abort', onAbort, { once: true });
  });
  let answered = false;
  const late = work.then((response) => {
    // Nobody reads a late answer: release its stream (file handle, upstream connection).
    if (answered) void response.body?.cancel();
    return response;
  });
  late.catch(() => {});
  return Promise.race([late, deadline]).finally(() => {
    answered = true;
    clearTimeout(timer);
    context.request.signal.removeEventListener('abort', onAbort!);
  });
}
