// The public HTTP handler: authorise, resolve the URL to an object, run the request flow, and
// give every answer the CORS headers (SPEC §3). Errors become responses in http/errors.ts.
import { Elysia } from 'elysia';
import { MortError } from '../errors.ts';
import { errorResponse } from '../http/errors.ts';
import { addCors, applyHeaderRules } from '../http/header-rules.ts';
import { postProcess } from '../http/post-process.ts';
import { resolveObject, splitPath } from '../object/index.ts';
import type { Services } from '../processor/context.ts';
import { preFormat } from '../plugins/format.ts';
import { processRequest } from '../processor/processor.ts';
import { authorize } from './authorize.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

export function createHandler(services: Services): FetchHandler {
  return async (request) => {
    const response = await handle(services, request);
    addCors(response.headers);
    return response;
  };
}

async function handle(services: Services, request: Request): Promise<Response> {
  // CORS preflights succeed (SPEC §12.18).
  if (request.method === 'OPTIONS') return new Response(null, { status: 204 });

  const url = new URL(request.url);
  try {
    const authorization = authorize(request, url);
    const { config } = services;
    const object = preFormat(request, resolveObject(url, config), config.server.plugins, config);
    if (object.key === '' && (request.method === 'GET' || request.method === 'HEAD')) {
      // Bucket listing is part of the S3 API and needs credentials.
      throw new MortError('forbidden', 'error: S3 credentials are required');
    }
    const response = await processRequest(services, {
      request,
      object,
      authenticated: authorization.kind === 'authenticated',
    });
    return postProcess(services, request, object, response);
  } catch (err) {
    return errorReply(services, url, err);
  }
}

/** Error replies get the header rules too (SPEC §12.21). */
function errorReply(services: Services, url: URL, err: unknown): Response {
  const response = errorResponse(err);
  let bucket: string | undefined;
  try {
    bucket = splitPath(decodeURIComponent(url.pathname)).bucket;
  } catch {
    bucket = undefined;
  }
  const bucketHeaders = (bucket && services.config.buckets[bucket]?.headers) || {};
  applyHeaderRules(response.headers, response.status, bucketHeaders, services.config.headers,
    false);
  return response;
}

/** Elysia hosts the handler; `parse: 'none'` keeps upload bodies as streams. */
export function createApp(services: Services) {
  const handler = createHandler(services);
  return new Elysia().all('*', ({ request }) => handler(request), { parse: 'none' });
}
