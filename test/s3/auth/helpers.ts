// Shared fixtures for the S3 auth tests: a config with keys, and requests signed by the AWS SDK's
// own SigV4 signer (`@smithy/signature-v4`, as `@aws-sdk/client-s3` uses it).

import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

import { parseConfig } from '../../../src/config/index.ts';
import type { MortConfig } from '../../../src/config/index.ts';
import { uriEncode } from '../../../src/s3/auth/canonical.ts';

export const MEDIA = { accessKey: 'AKMEDIA', secret: 'media/secret+key=' };
export const ARCHIVE = { accessKey: 'AKARCHIVE', secret: 'archive-secret' };
/** Same access key as MEDIA in bucket `archive`, with another secret. */
export const MEDIA_IN_ARCHIVE = { accessKey: 'AKMEDIA', secret: 'archive-view-of-media' };

const CONFIG_YAML = `
buckets:
  media:
    keys:
      - accessKey: "${MEDIA.accessKey}"
        secretAccessKey: "${MEDIA.secret}"
    storages:
      basic: {kind: noop}
  archive:
    keys:
      - accessKey: "${ARCHIVE.accessKey}"
        secretAccessKey: "${ARCHIVE.secret}"
      - accessKey: "${MEDIA_IN_ARCHIVE.accessKey}"
        secretAccessKey: "${MEDIA_IN_ARCHIVE.secret}"
    storages:
      basic: {kind: noop}
  nokeys:
    storages:
      basic: {kind: noop}
`;

let cached: Promise<MortConfig> | undefined;

/** Buckets `media` (MEDIA), `archive` (ARCHIVE, MEDIA_IN_ARCHIVE) and `nokeys`. */
export function testConfig(): Promise<MortConfig> {
  cached ??= parseConfig(CONFIG_YAML, { env: {} });
  return cached;
}

/** Parses a one-off config. */
export function configOf(yaml: string): Promise<MortConfig> {
  return parseConfig(yaml, { env: {} });
}

export const HOST = '127.0.0.1:9000';
export const NOW = new Date('2026-03-04T05:06:07Z');

/** Encodes an object key the way the S3 client puts it into the path (per segment). */
export function keyPath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(uriEncode).join('/')}`;
}

export interface SignOptions {
  readonly method?: string;
  /** Already-encoded path, as on the wire. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly credentials?: { accessKey: string; secret: string };
  readonly region?: string;
  readonly signingDate?: Date;
}

/** The SDK signer for these options (HMACs of chunk signatures come from it too). */
export function signer(options: SignOptions): SignatureV4 {
  const credentials = options.credentials ?? MEDIA;

  // S3 signs the path as sent (single encoding): uriEscapePath false, as the S3 client does.
  return new SignatureV4({
    credentials: { accessKeyId: credentials.accessKey, secretAccessKey: credentials.secret },
    region: options.region ?? 'mort',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
}

function toHttpRequest(options: SignOptions) {
  const [hostname, port] = HOST.split(':');

  return {
    method: options.method ?? 'GET',
    protocol: 'http:',
    hostname: hostname!,
    port: Number(port),
    path: options.path,
    query: options.query ?? {},
    headers: { host: HOST, ...options.headers } as Record<string, string>,
    body: options.body,
  };
}

function queryString(query: Record<string, string | string[] | null> = {}): string {
  const parts = Object.entries(query).map(
    ([name, value]) => `${uriEncode(name)}=${uriEncode(String(value))}`,
  );
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** A `Request` signed with an `Authorization: AWS4-HMAC-SHA256` header. */
export async function signedRequest(options: SignOptions): Promise<Request> {
  const signed = await signer(options).sign(toHttpRequest(options), {
    signingDate: options.signingDate ?? NOW,
  });
  const url = `http://${HOST}${signed.path}${queryString(signed.query)}`;

  return new Request(url, {
    method: signed.method,
    headers: signed.headers,
    body: options.body ?? null,
  });
}

/** A presigned URL, as `@aws-sdk/s3-request-presigner` builds it. */
export async function presignedUrl(options: SignOptions & { expiresIn?: number }): Promise<URL> {
  const request = toHttpRequest(options);
  request.headers = { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  const signed = await signer(options).presign(request, {
    signingDate: options.signingDate ?? NOW,
    expiresIn: options.expiresIn ?? 900,
    unsignableHeaders: new Set(['content-type']),
  });

  return new URL(`http://${HOST}${signed.path}${queryString(signed.query)}`);
}

/** Reads a stream fully; rejects with the stream's error. */
export async function readAll(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  if (stream === null) return '';
  return new Response(stream).text();
}

/** A stream of the given pieces, for bodies that arrive in several reads. */
export function streamOf(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) {
        controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      }
      controller.close();
    },
  });
}
