// Results of S3 request authentication (§7.1, §7.2).

/** How the request was signed. */
export type AuthScheme = 'v2' | 'v4-header' | 'v4-presigned';

/**
 * How the body relates to the signature, from `x-amz-content-sha256` (V4) or the scheme:
 * - `sha256`: the header holds the body's hex SHA-256; checked at the end of the body;
 * - `unsigned`: `UNSIGNED-PAYLOAD`, presigned URLs and V2 (only `Content-MD5`/checksums apply);
 * - `aws-chunked-signed`: `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`, each chunk signed;
 * - `aws-chunked-unsigned`: `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, trailer checksum only;
 * - `v2-body-md5`: V2 signed with the reference quirk (body MD5 in the `Content-MD5` slot), so
 *   the signature itself is only known to match once the whole body was read.
 */
export type PayloadForm =
  | 'sha256'
  | 'unsigned'
  | 'aws-chunked-signed'
  | 'aws-chunked-unsigned'
  | 'v2-body-md5';

/** Wraps the raw request body into the plain payload, verifying it as it streams. */
export type BodyWrapper = (
  body: ReadableStream<Uint8Array> | null,
) => ReadableStream<Uint8Array> | null;

/** A public request (§7.1): no credentials needed, none checked. */
export interface AnonymousResult {
  readonly kind: 'anonymous';
}

/** A verified request on a bucket path. */
export interface AuthenticatedResult {
  readonly kind: 'authenticated';
  readonly accessKey: string;
  /**
   * Bucket whose `keys` granted access: the path's bucket when configured, otherwise the first
   * bucket in config order holding the access key (§7.2 step 4).
   */
  readonly bucket: string;
  readonly scheme: AuthScheme;
  readonly payload: PayloadForm;
  /**
   * Length in bytes of the plain payload when announced: `x-amz-decoded-content-length` for
   * aws-chunked bodies, otherwise `Content-Length`. Undefined when not announced.
   */
  readonly contentLength: number | undefined;
  /**
   * Turns the request body into the plain payload (aws-chunked framing removed) and verifies it
   * while it streams: payload hash, chunk signatures, `Content-MD5`, `x-amz-checksum-*`. On a
   * mismatch the stream errors with a `BodyVerificationError`, at the latest after the last
   * byte, so a consumer must only commit what it wrote once the stream ended cleanly. Call at
   * most once; `null` stays `null`.
   */
  readonly wrapBody: BodyWrapper;
}

/** `/` with valid credentials, any method: the caller answers ListAllMyBuckets (§7.4). */
export interface ListBucketsResult {
  readonly kind: 'list-buckets';
  readonly accessKey: string;
}

/** Refused: answer with `response` as is (no CORS headers, §7.2). */
export interface DeniedResult {
  readonly kind: 'denied';
  readonly response: Response;
}

export type AuthResult = AnonymousResult | AuthenticatedResult | ListBucketsResult | DeniedResult;
