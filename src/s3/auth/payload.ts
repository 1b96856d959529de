// Chooses how a request body is decoded and verified, from how it was signed (§7.3 payload
// forms), and builds the `wrapBody` function handed to the caller.

import { awsChunkedDecoder } from './aws-chunked.ts';
import type { BodyCheck } from './body-checks.ts';
import { checkedStream, digestCheck, sha256Check, v2BodyMd5Check } from './body-checks.ts';
import { ChunkSignatureChain } from './chunk-signatures.ts';
import { s3ErrorResponse } from './responses.ts';
import type { BodyWrapper, PayloadForm } from './types.ts';
import type { V4Verified } from './verify-v4.ts';

/** What the authenticated result says about the body. */
export interface PayloadPlan {
  readonly payload: PayloadForm;
  readonly contentLength: number | undefined;
  readonly wrapBody: BodyWrapper;
}

const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const STREAMING_FORMS = [STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER];

function parseLength(value: string | null): number | undefined {
  return value !== null && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** True when the request has a body to read. */
export function hasBody(request: Request): boolean {
  const length = parseLength(request.headers.get('content-length'));
  if (length !== undefined) return length > 0;

  return request.headers.has('transfer-encoding') || request.body !== null;
}

/** `Content-MD5` and `x-amz-checksum-*` request headers, each checked against the payload. */
function headerChecks(headers: Headers): BodyCheck[] {
  const checks: BodyCheck[] = [];

  headers.forEach((value, name) => {
    const check = digestCheck(name, () => value);
    if (check) checks.push(check);
  });

  return checks;
}

/** The checksum named by `x-amz-trailer`, whose value arrives in the trailer. */
function trailerChecks(headers: Headers, trailers: Map<string, string>): BodyCheck[] {
  const names = (headers.get('x-amz-trailer') ?? '').split(',').map((n) => n.trim().toLowerCase());
  const checks: BodyCheck[] = [];

  for (const name of names) {
    // A declared trailer that never came is a mismatch: '' equals no digest.
    const check = name === '' ? undefined : digestCheck(name, () => trailers.get(name) ?? '');
    if (check) checks.push(check);
  }

  return checks;
}

/** Per-body decoder and checks; built per `wrapBody` call because digests are stateful. */
interface Pipeline {
  readonly decoder: TransformStream<Uint8Array, Uint8Array> | undefined;
  readonly checks: readonly BodyCheck[];
}

function wrapper(build: () => Pipeline): BodyWrapper {
  return (body) => {
    if (body === null) return null;

    const { decoder, checks } = build();
    const decoded = decoder ? body.pipeThrough(decoder) : body;
    return checks.length === 0 ? decoded : decoded.pipeThrough(checkedStream(checks));
  };
}

function plainPlan(headers: Headers, payload: PayloadForm, extra: () => BodyCheck[]): PayloadPlan {
  return {
    payload,
    contentLength: parseLength(headers.get('content-length')),
    wrapBody: wrapper(() => ({
      decoder: undefined,
      checks: [...extra(), ...headerChecks(headers)],
    })),
  };
}

function chunkedPlan(headers: Headers, verified: V4Verified): PayloadPlan {
  const hash = verified.payloadHash;
  const isSigned = hash !== STREAMING_UNSIGNED_TRAILER;
  const decodedLength = parseLength(headers.get('x-amz-decoded-content-length'));

  const build = (): Pipeline => {
    const trailers = new Map<string, string>();
    const chain = isSigned
      ? new ChunkSignatureChain(verified.context, verified.seedSignature)
      : undefined;
    const decoder = awsChunkedDecoder({
      chain,
      hasSignedTrailer: hash === STREAMING_SIGNED_TRAILER,
      decodedLength,
      trailers,
    });

    return { decoder, checks: [...trailerChecks(headers, trailers), ...headerChecks(headers)] };
  };

  return {
    payload: isSigned ? 'aws-chunked-signed' : 'aws-chunked-unsigned',
    contentLength: decodedLength,
    wrapBody: wrapper(build),
  };
}

/** The plan for a verified V4 request (header or presigned), or the refusal of its payload form. */
export function planV4Payload(headers: Headers, verified: V4Verified): PayloadPlan | Response {
  const hash = verified.payloadHash;

  if (/^[0-9a-fA-F]{64}$/.test(hash)) {
    return plainPlan(headers, 'sha256', () => [sha256Check(hash)]);
  }

  if (hash === 'UNSIGNED-PAYLOAD') return plainPlan(headers, 'unsigned', () => []);

  if (STREAMING_FORMS.includes(hash)) return chunkedPlan(headers, verified);

  return s3ErrorResponse(400, 'InvalidArgument', 'Unsupported x-amz-content-sha256 value');
}

/** The plan for a V2 request; `matchesBodyMd5` when the signature waits for the body (§7.3). */
export function planV2Payload(
  headers: Headers,
  matchesBodyMd5: ((md5Base64: string) => boolean) | undefined,
): PayloadPlan {
  if (matchesBodyMd5 === undefined) return plainPlan(headers, 'unsigned', () => []);

  return plainPlan(headers, 'v2-body-md5', () => [v2BodyMd5Check(matchesBodyMd5)]);
}
