// AWS Signature Version 4 primitives: signing key, string to sign, signature (HMAC-SHA256).

import { createHash, createHmac } from 'node:crypto';

export const V4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The credential scope `<date>/<region>/<service>/aws4_request`, as parts. */
export interface CredentialScope {
  /** `YYYYMMDD`. */
  readonly date: string;
  /** Any region the client chose (reference clients use `mort`; §7.3). */
  readonly region: string;
  readonly service: string;
}

/** What a chunk or trailer signature needs besides its own bytes. */
export interface SigningContext {
  readonly signingKey: Buffer;
  /** `X-Amz-Date` of the request, `YYYYMMDD'T'HHMMSS'Z'`. */
  readonly amzDate: string;
  readonly scope: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function scopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

/** `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`. */
export function deriveSigningKey(secret: string, scope: CredentialScope): Buffer {
  const dateKey = hmac(`AWS4${secret}`, scope.date);
  const regionKey = hmac(dateKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);

  return hmac(serviceKey, 'aws4_request');
}

/** Hex signature of a canonical request. */
export function signCanonicalRequest(context: SigningContext, canonicalRequest: string): string {
  const stringToSign = [
    V4_ALGORITHM,
    context.amzDate,
    context.scope,
    sha256Hex(canonicalRequest),
  ].join('\n');

  return signString(context.signingKey, stringToSign);
}

export function signString(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
