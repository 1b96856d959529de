// The error a verified body stream fails with (payload hash, chunk signature, checksum, framing).

import { MortError } from '../../errors.ts';
import { forbiddenResponse, s3ErrorResponse } from './responses.ts';
import type { S3AuthErrorCode } from './responses.ts';

/**
 * Raised through the body stream returned by `wrapBody` once the bytes read so far prove the
 * request is not what was signed. Whatever was written from that stream must be discarded.
 */
export class BodyVerificationError extends MortError {
  /** S3 error code for the XML reply. */
  readonly s3Code: S3AuthErrorCode;
  /** A §7.2 signature mismatch found late: answered like one, 403 without body or type. */
  readonly isBare: boolean;

  constructor(
    status: 400 | 403,
    s3Code: S3AuthErrorCode,
    message: string,
    options: { isBare?: boolean } = {},
  ) {
    super(status === 403 ? 'forbidden' : 'bad_request', message, { status });
    this.name = 'BodyVerificationError';
    this.s3Code = s3Code;
    this.isBare = options.isBare ?? false;
  }

  /** The reply to send, when no response has been sent yet. */
  toResponse(): Response {
    if (this.isBare) return forbiddenResponse();

    return s3ErrorResponse(this.status, this.s3Code, this.message);
  }
}

export function isBodyVerificationError(err: unknown): err is BodyVerificationError {
  return err instanceof BodyVerificationError;
}
