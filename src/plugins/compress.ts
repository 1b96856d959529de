// The `compress` plugin's post-processing (SPEC §9.2): encodes eligible response bodies with
// brotli, zstd or gzip while streaming.

import type { CompressEncodingConfig, CompressPluginConfig } from '../config/types.ts';
import { isConditionalRequest } from '../http/preconditions.ts';
import { chooseCoding, type Coding } from './accept-encoding.ts';
import { encoderStream } from './encoder.ts';

/** Bodies known to be shorter than this are sent as they are (SPEC §9.2). */
export const MIN_COMPRESS_BYTES = 1000;

// 206 and 304 describe the identity representation; 204/205 have no content.
const UNCOMPRESSIBLE_STATUSES = new Set([204, 205, 206, 304]);

/**
 * Returns a new Response with the body encoded, or `response` itself when compression does not
 * apply. A response that could have been encoded gets `Vary: Accept-Encoding` either way (set
 * in place when its headers are mutable), so a shared cache never hands a stored identity or
 * encoded copy to the wrong client.
 */
export function compress(
  request: Request,
  response: Response,
  config: CompressPluginConfig,
): Response {
  const offered = offeredCodings(response, config);
  if (offered.length === 0) return response;

  const acceptEncoding = request.headers.get('accept-encoding');
  // Range and validator requests are answered on the identity bytes (SPEC §6.14); HEAD has no
  // body to encode.
  const isSkipped = acceptEncoding === null || request.method === 'HEAD' ||
    isConditionalRequest(request);
  const coding = isSkipped ? undefined : chooseCoding(acceptEncoding, offered);

  const vary = varyWith(response.headers.get('vary'), 'Accept-Encoding');
  if (coding === undefined || response.body === null) return withVary(response, vary);

  const headers = new Headers(response.headers);
  const init = { status: response.status, statusText: response.statusText, headers };
  if (vary !== undefined) headers.set('vary', vary);

  headers.set('content-encoding', coding);
  headers.delete('content-length');
  // Byte offsets of the encoded stream are not those of the stored object.
  headers.delete('accept-ranges');
  weakenEtag(headers);

  const encoder = encoderStream(coding, levelOf(coding, config));
  return new Response(response.body.pipeThrough(encoder), init);
}

/** Codings whose `types` match the response; empty when the response is not eligible at all. */
function offeredCodings(response: Response, config: CompressPluginConfig): Coding[] {
  const contentType = response.headers.get('content-type');
  const length = response.headers.get('content-length');
  const cacheControl = response.headers.get('cache-control') ?? '';

  const isEligible = contentType !== null &&
    !UNCOMPRESSIBLE_STATUSES.has(response.status) &&
    !response.headers.has('content-encoding') &&
    !/(?:^|[\s,])no-transform(?:$|[\s,])/i.test(cacheControl) &&
    (length === null || Number(length) >= MIN_COMPRESS_BYTES);
  if (!isEligible) return [];

  const byCoding: Array<[Coding, CompressEncodingConfig | undefined]> = [
    ['br', config.brotli],
    ['zstd', config.zstd],
    ['gzip', config.gzip],
  ];

  return byCoding
    .filter(([, encoding]) => encoding?.types.some((type) => contentType.includes(type)))
    .map(([coding]) => coding);
}

function levelOf(coding: Coding, config: CompressPluginConfig): number {
  const encoding = coding === 'br' ? config.brotli : coding === 'zstd' ? config.zstd : config.gzip;

  // Unreachable fallback: a coding is only offered when its config exists.
  return encoding?.level ?? 4;
}

/** Vary with `token` added; undefined when it is already listed or Vary is `*`. */
function varyWith(current: string | null, token: string): string | undefined {
  if (current === null || current.trim() === '') return token;

  const listed = current.split(',').map((name) => name.trim().toLowerCase());
  if (listed.includes('*') || listed.includes(token.toLowerCase())) return undefined;

  return `${current}, ${token}`;
}

// Sets Vary in place when the headers allow it: re-wrapping would turn a bytes or Blob body
// into a stream, which Bun.serve then sends chunked instead of with Content-Length.
function withVary(response: Response, vary: string | undefined): Response {
  if (vary === undefined) return response;

  try {
    response.headers.set('vary', vary);
    return response;
  } catch {
    // Headers of a fetch() response are immutable.
    const headers = new Headers(response.headers);
    headers.set('vary', vary);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
}

// RFC 9110 §8.8.3: the encoded bytes differ from the identity ones, so a strong tag would lie.
// Weak still matches If-None-Match (weak compare) and never satisfies If-Range.
function weakenEtag(headers: Headers): void {
  const etag = headers.get('etag')?.trim();
  if (!etag || etag.startsWith('W/')) return;

  headers.set('etag', etag.startsWith('"') ? `W/${etag}` : `W/"${etag}"`);
}
