// The public HTTP handler: authenticate (SPEC §7), hand S3 API calls to src/s3/api/, resolve
// object reads to an object and run the request flow, and give every answer the CORS headers
// (SPEC §3). Errors become responses in http/errors.ts, or S3 error documents when signed.
import { Elysia } from 'elysia';
import { MortError } from '../errors.ts';
import { errorResponse } from '../http/errors.ts';
import { addCors, applyHeaderRules } from '../http/header-rules.ts';
import { handleCloudinaryUpload, type UploadDeps } from '../cloudinary/index.ts';
import { metrics } from '../monitoring/metrics.ts';
import { memoizedResolver, splitPath, type MortObject } from '../object/index.ts';
import type { Services } from '../processor/context.ts';
import { preFormat } from '../plugins/format.ts';
import { serveObject } from '../processor/serve.ts';
import { createS3Api, type S3Api } from '../s3/api/index.ts';
import { authenticate } from '../s3/auth/index.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

interface Handlers {
  s3: S3Api;
  resolve: (url: URL) => MortObject;
  upload: UploadDeps;
}

export function createHandler(services: Services): FetchHandler {
  const handlers: Handlers = {
    s3: createS3Api(services),
    resolve: memoizedResolver(services.config),
    upload: {
      config: services.config,
      put: (bucket, key, body, contentType) =>
        services.storages.basic(bucket).put({ bucket, key }, body,
          { contentType, contentLength: body.byteLength }),
    },
  };
  const timed = services.config.server.monitoring === 'prometheus';
  return async (request) => {
    const started = timed ? performance.now() : 0;
    let response: Response;
    try {
      response = await handle(services, handlers, request);
    } catch (err) {
      // A failure no step answered for is still a clean 500, never a stack trace.
      response = errorResponse(err);
    }
    addCors(response.headers);
    if (timed) {
      metrics.responseTime.observe({ method: request.method }, performance.now() - started);
    }
    return response;
  };
}

async function handle(services: Services, handlers: Handlers, request: Request):
  Promise<Response> {
  // CORS preflights succeed (SPEC §12.18).
  if (request.method === 'OPTIONS') return new Response(null, { status: 204 });

  const url = new URL(request.url);
  const { s3 } = handlers;
  // Cloudinary uploads are answered before S3 authentication (SPEC §3 step 2).
  if (request.method === 'POST') {
    try {
      const uploaded = await handleCloudinaryUpload(request, url, handlers.upload);
      if (uploaded) return uploaded;
    } catch (err) {
      return errorReply(services, url, err);
    }
  }

  const auth = authenticate(request, url, services.config);
  if (auth.kind === 'denied') return auth.response;
  if (auth.kind === 'list-buckets') return s3.listBuckets(auth.accessKey);

  const authenticated = auth.kind === 'authenticated';
  // Signed object reads take the public flow (renderings, ranges); all else is the S3 API.
  if (authenticated && !s3.isObjectRead(request, url)) return s3.handle(request, url, auth);

  try {
    const { config } = services;
    const object = preFormat(request, handlers.resolve(url), config.server.plugins, config);
    if (object.key === '' && (request.method === 'GET' || request.method === 'HEAD')) {
      // Bucket listing is part of the S3 API and needs credentials (SPEC §12.6).
      throw new MortError('forbidden', 'error: S3 credentials are required');
    }
    return await serveObject(services, request, object, authenticated);
  } catch (err) {
    return authenticated ? s3.errorReply(err, request, url) : errorReply(services, url, err);
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

/**
 * Elysia hosts the handler; `parse: 'none'` keeps upload bodies as streams, and compiling the
 * route up front keeps Elysia's per-request cost down (measured: ~10% of a cache hit).
 */
export function createApp(services: Services) {
  const handler = createHandler(services);
  return new Elysia({ precompile: true })
    .all('*', ({ request }) => handler(request), { parse: 'none' })
    .compile();
}
