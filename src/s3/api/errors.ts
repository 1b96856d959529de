// S3 error codes and the mapping of every failure on an S3 route to one of them. The S3 routes
// answer with S3 XML error documents (see responses.ts) because that `Code` is what S3 clients
// read; the rest of the server keeps Mort's JSON error bodies.

import { MortError, isMortError, type ErrorCode } from '../../errors.ts';

/** The S3 error codes the API answers with. */
export type S3ErrorCode =
  | 'AccessDenied'
  | 'BadDigest'
  | 'BucketNotEmpty'
  | 'EntityTooLarge'
  | 'EntityTooSmall'
  | 'IncompleteBody'
  | 'InternalError'
  | 'InvalidArgument'
  | 'InvalidDigest'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'InvalidRange'
  | 'InvalidRequest'
  | 'MalformedXML'
  | 'MethodNotAllowed'
  | 'MissingContentLength'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NoSuchUpload'
  | 'NotImplemented'
  | 'OperationAborted'
  | 'PreconditionFailed'
  | 'RequestTimeout'
  | 'ServiceUnavailable'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

const mortCodeByStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  416: 'range_not_satisfiable',
};

/** A failure with its S3 code; `message` is shown to the client, so it never holds secrets. */
export class S3Error extends MortError {
  readonly s3Code: S3ErrorCode;

  constructor(s3Code: S3ErrorCode, status: number, message: string) {
    super(mortCodeByStatus[status] ?? 'internal', message, { status });
    this.name = 'S3Error';
    this.s3Code = s3Code;
  }
}

export const noSuchKey = () => new S3Error('NoSuchKey', 404, 'The specified key does not exist.');

// SPEC §7.6/§7.7 keep the reference's 400 for an unknown bucket; the S3 code still names it.
export const noSuchBucket = () =>
  new S3Error('NoSuchBucket', 400, 'The specified bucket does not exist.');

export const noSuchUpload = () =>
  new S3Error('NoSuchUpload', 404, 'The specified multipart upload does not exist.');

export const malformedXml = () =>
  new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed.');

export const notImplemented = (what: string) =>
  new S3Error('NotImplemented', 501, `${what} is not implemented.`);

export const methodNotAllowed = () =>
  new S3Error('MethodNotAllowed', 405, 'The method is not allowed against this resource.');

const codeByStatus: Record<number, S3ErrorCode> = {
  400: 'InvalidRequest',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  405: 'MethodNotAllowed',
  409: 'OperationAborted',
  412: 'PreconditionFailed',
  416: 'InvalidRange',
  499: 'RequestTimeout',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

/**
 * Any failure as an S3Error. Client errors keep their (safe) MortError message; server errors
 * get a fixed text so nothing internal leaks, the original stays available for the log.
 */
export function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;

  if (isMortError(err) && err.status < 500) {
    const code = codeByStatus[err.status] ?? 'InvalidRequest';
    return new S3Error(code, err.status, err.message);
  }

  const status = isMortError(err) ? err.status : 500;
  if (status === 503) {
    return new S3Error('ServiceUnavailable', 503, 'Please reduce your request rate or retry.');
  }

  return new S3Error(codeByStatus[status] ?? 'InternalError', status,
    'We encountered an internal error. Please try again.');
}
