// PUT and DELETE of objects (SPEC §7.7, §7.8). Only reached once the request is authorised.
import { MortError } from '../errors.ts';
import type { RequestContext, Services } from './context.ts';
import { locationOf } from './storages.ts';

function isBucketRoot(key: string): boolean {
  return key === '' || key === '/';
}

function requestMetadata(headers: Headers): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.startsWith('x-amz-meta-') || name === 'etag') metadata[name] = value;
  }
  return metadata;
}

function declaredLength(headers: Headers): number | undefined {
  const raw = headers.get('x-amz-decoded-content-length') ?? headers.get('content-length');
  return raw === null ? undefined : Number(raw);
}

export async function putObject(services: Services, context: RequestContext):
  Promise<Response> {
  const { request, object } = context;
  const contentType = request.headers.get('content-type') ?? undefined;
  const headers = new Headers(contentType ? { 'content-type': contentType } : {});
  // "Create bucket": buckets come from the configuration, so there is nothing to do.
  if (isBucketRoot(object.key)) return new Response(null, { status: 200, headers });

  const storage = services.storages.get(object.storage);
  const result = await storage.put(locationOf(object), request.body ?? new Uint8Array(0), {
    contentType,
    contentLength: declaredLength(request.headers),
    metadata: requestMetadata(request.headers),
  });
  if (result.etag) headers.set('etag', result.etag);
  return new Response(null, { status: 200, headers });
}

export async function deleteObject(services: Services, context: RequestContext):
  Promise<Response> {
  const { object } = context;
  if (isBucketRoot(object.key)) {
    const listing = await services.storages.basic(object.bucket)
      .list(object.bucket, { maxKeys: 1 });
    if (listing.entries.length > 0 || listing.commonPrefixes.length > 0) {
      throw new MortError('conflict', 'error: bucket is not empty');
    }
    return new Response(null, { status: 204 });
  }

  const storage = services.storages.get(object.storage);
  try {
    await storage.delete(locationOf(object));
  } catch (err) {
    // Deleting what is not there succeeds, as in S3.
    if (!(err instanceof MortError && err.code === 'not_found')) throw err;
  }
  return new Response(null, { status: 204 });
}
