// Request bodies on S3 routes: the verified payload of uploads (through the auth module's
// `wrapBody`), a tap that hashes it on the way to storage, and small XML documents read whole.

import { createHash } from 'node:crypto';

import { observeStream } from '../../http/body-stream.ts';
import type { PayloadForm } from '../auth/index.ts';
import { S3Error } from './errors.ts';
import type { S3Request } from './request.ts';

/** S3's limit for one PUT or one part. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/**
 * Bodies whose V2 signature only matches with the body's MD5 (SPEC §7.3 quirk) are not known
 * to be authentic before the last byte. They are still streamed (nothing is committed before
 * the check passes), but only up to this size, so an unauthenticated sender cannot keep the
 * disk busy with large temporary files.
 */
export const MAX_DEFERRED_V2_BYTES = 16 * 1024 * 1024;

/** The plain payload of an upload and its announced length. */
export interface UploadBody {
  readonly body: ReadableStream<Uint8Array> | Uint8Array;
  readonly contentLength: number;
}

/**
 * The verified upload body; refuses bodies of unknown or excessive length up front. An empty
 * body is still read through the checks, so a signed payload hash or checksum cannot be
 * dodged by sending nothing.
 */
export async function uploadBodyOf(s3: S3Request): Promise<UploadBody> {
  const { auth, request } = s3;
  const length = auth.contentLength;

  if (length === 0 || (length === undefined && request.body === null)) {
    const rest = await readLimited(auth.wrapBody(request.body ?? emptyStream()), 0);
    return { body: rest, contentLength: 0 };
  }

  const body = auth.wrapBody(request.body) ?? emptyStream();
  const refusal = refusalOf(auth.payload, length);
  if (refusal !== undefined || length === undefined) {
    void body.cancel();
    throw refusal;
  }

  return { body, contentLength: length };
}

/** Why an upload of this announced length is refused before reading it, if it is. */
function refusalOf(payload: PayloadForm, length: number | undefined): S3Error | undefined {
  if (length === undefined) {
    return new S3Error('MissingContentLength', 411, 'You must provide the Content-Length header.');
  }

  if (length > MAX_UPLOAD_BYTES) {
    return new S3Error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum size.');
  }

  if (payload === 'v2-body-md5' && length > MAX_DEFERRED_V2_BYTES) {
    return new S3Error('InvalidDigest', 400,
      'Signature V2 uploads over 16 MiB need a Content-MD5 header.');
  }

  return undefined;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new Blob([]).stream();
}

/** A stream passed through unchanged while its MD5 and length are computed. */
export interface TappedStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Hex MD5 of everything read so far. Call once, after the stream ended. */
  md5Hex(): string;
  /** The error the source failed with, if it did (storages may wrap it). */
  failure(): unknown;
}

export function tapStream(source: ReadableStream<Uint8Array> | Uint8Array): TappedStream {
  const hash = createHash('md5');
  let failure: unknown;
  const stream = observeStream(source instanceof Uint8Array ? new Blob([source]).stream() : source,
    { onChunk: (chunk) => hash.update(chunk), onEnd: (error) => { failure = error; } });

  return { stream, md5Hex: () => hash.digest('hex'), failure: () => failure };
}

/** A small request document (XML), read whole and verified; larger ones are refused. */
export async function readSmallBody(s3: S3Request, maxBytes: number): Promise<string> {
  const body = await readLimited(s3.auth.wrapBody(s3.request.body), maxBytes);
  return Buffer.from(body).toString('utf8');
}

/** Reads a whole (verified) stream of at most `maxBytes`; its errors are rethrown. */
async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);

  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;

  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new S3Error('EntityTooLarge', 400, 'The request body is larger than allowed.');
    }

    chunks.push(next.value);
  }

  return Buffer.concat(chunks);
}
