// Verifies V4 signatures: `Authorization: AWS4-HMAC-SHA256 …` and presigned URLs (§7.3, §12.4,
// §12.5). Standard SigV4 for S3: the client's SignedHeaders only, the region from its scope.

import { matchesAny } from './compare.ts';
import { canonicalHeaderValue, canonicalPaths, canonicalQuery, parseQuery } from './canonical.ts';
import type { V4Credentials } from './credentials.ts';
import { PRESIGN } from './credentials.ts';
import * as dates from './dates.ts';
import { forbiddenResponse, s3ErrorResponse } from './responses.ts';
import type { SigningContext } from './sigv4.ts';
import { deriveSigningKey, EMPTY_SHA256, scopeString, signCanonicalRequest } from './sigv4.ts';

/** A verified V4 request: what the body checks need. */
export interface V4Verified {
  readonly ok: true;
  /** `x-amz-content-sha256` as signed (a hex hash or one of the `…PAYLOAD…` markers). */
  readonly payloadHash: string;
  readonly context: SigningContext;
  /** The request's own signature, which seeds the chunk signature chain. */
  readonly seedSignature: string;
}

export type V4Outcome = V4Verified | { readonly ok: false; readonly response: Response };

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Request facts the canonical request is built from. */
export interface V4Input {
  readonly method: string;
  readonly headers: Headers;
  readonly url: URL;
  /** Whether the request carries a body (decides the hash of a missing payload header). */
  readonly hasBody: boolean;
}

function deny(response: Response): V4Outcome {
  return { ok: false, response };
}

/** Presigned URLs are never payload-signed unless the client hoisted the hash into the query. */
function presignedPayloadHash(query: URLSearchParams): string {
  for (const [name, value] of query) {
    if (name.toLowerCase() === 'x-amz-content-sha256') return value;
  }

  return UNSIGNED_PAYLOAD;
}

function headerPayloadHash(input: V4Input): string | undefined {
  const value = input.headers.get('x-amz-content-sha256')?.trim();
  if (value !== undefined) return value;

  // AWS requires the header; without it only a bodiless request has a payload hash we know.
  return input.hasBody ? undefined : EMPTY_SHA256;
}

function canonicalHeaders(input: V4Input, names: readonly string[]): string {
  return names
    .map((name) => {
      const value =
        name === 'host'
          ? (input.headers.get('host') ?? input.url.host)
          : (input.headers.get(name) ?? '');
      return `${name}:${canonicalHeaderValue(value)}\n`;
    })
    .join('');
}

/** Expected signatures, one per canonical path candidate. */
function expectedSignatures(
  input: V4Input,
  creds: V4Credentials,
  context: SigningContext,
  payloadHash: string,
): string[] {
  const omit = creds.scheme === 'v4-presigned' ? PRESIGN.signature : undefined;
  const query = canonicalQuery(parseQuery(input.url.search), omit);
  const headers = canonicalHeaders(input, creds.signedHeaders);
  const signedHeaders = creds.signedHeaders.join(';');

  return canonicalPaths(input.url.pathname).map((path) => {
    const request = [input.method, path, query, headers, signedHeaders, payloadHash].join('\n');
    return signCanonicalRequest(context, request);
  });
}

/** Expiry rules of presigned URLs; undefined when the URL is still valid. */
function checkPresignedTime(creds: V4Credentials, signedAt: Date, now: Date) {
  const expires = creds.expires ?? '';
  const seconds = /^\d{1,9}$/.test(expires) ? Number(expires) : Number.NaN;

  if (Number.isNaN(seconds) || seconds > dates.MAX_PRESIGNED_EXPIRES_SECONDS) {
    const message = 'X-Amz-Expires must be a number of seconds up to 604800';
    return s3ErrorResponse(403, 'AuthorizationQueryParametersError', message);
  }

  if (now.getTime() > signedAt.getTime() + seconds * 1000) {
    return s3ErrorResponse(403, 'AccessDenied', 'Request has expired');
  }

  if (signedAt.getTime() - now.getTime() > dates.MAX_SKEW_MS) {
    return s3ErrorResponse(403, 'AccessDenied', 'Request is not valid yet');
  }

  return undefined;
}

function checkTime(creds: V4Credentials, signedAt: Date, now: Date): Response | undefined {
  if (creds.scheme === 'v4-presigned') return checkPresignedTime(creds, signedAt, now);
  if (dates.isWithinSkew(signedAt, now)) return undefined;

  const message = 'The difference between the request time and the server time is too large';
  return s3ErrorResponse(403, 'RequestTimeTooSkewed', message);
}

/**
 * Checks the signature, then the time. Time comes second on purpose: the date is part of what
 * is signed, so only a proven signer learns that its clock or URL is off.
 */
export function verifyV4(
  input: V4Input,
  creds: V4Credentials,
  secret: string,
  now: Date,
): V4Outcome {
  const { scope, date = '' } = creds;
  const signedAt = dates.parseRequestDate(date);

  if (scope === undefined || creds.signature === '' || creds.signedHeaders.length === 0) {
    return deny(forbiddenResponse());
  }

  if (signedAt === undefined) {
    const message = 'AWS authentication requires a valid Date or x-amz-date header';
    return deny(s3ErrorResponse(403, 'AccessDenied', message));
  }

  const payloadHash =
    creds.scheme === 'v4-presigned'
      ? presignedPayloadHash(input.url.searchParams)
      : headerPayloadHash(input);

  if (payloadHash === undefined) {
    const message = 'Your request was missing the x-amz-content-sha256 header';
    return deny(s3ErrorResponse(400, 'MissingSecurityHeader', message));
  }

  // A `Date` header (RFC 7231) enters the string to sign in the ISO basic form.
  const amzDate = dates.parseAmzDate(date) ? date : dates.formatAmzDate(signedAt);
  const context: SigningContext = {
    signingKey: deriveSigningKey(secret, scope),
    amzDate,
    scope: scopeString(scope),
  };

  if (!matchesAny(expectedSignatures(input, creds, context, payloadHash), creds.signature)) {
    return deny(forbiddenResponse());
  }

  const timeError = checkTime(creds, signedAt, now);
  if (timeError) return deny(timeError);

  return { ok: true, payloadHash, context, seedSignature: creds.signature };
}
