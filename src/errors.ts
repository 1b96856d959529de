// The one error family of the server. Every failure a client may see is a MortError with an
// HTTP status and a short message that is safe to show: no paths, no stack traces, no secrets.
// `detail` is for logs only. src/http/ maps these to responses in one place.

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'range_not_satisfiable'
  | 'too_large'
  | 'unsupported_image'
  | 'corrupt_image'
  | 'timeout'
  | 'throttled'
  | 'unavailable'
  | 'upstream'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  range_not_satisfiable: 416,
  too_large: 400,
  unsupported_image: 400,
  corrupt_image: 400,
  timeout: 504,
  throttled: 503,
  unavailable: 503,
  upstream: 502,
  internal: 500,
};

export class MortError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: string; status?: number } = {},
  ) {
    super(message);
    this.name = 'MortError';
    this.code = code;
    this.status = options.status ?? statusByCode[code];
    this.detail = options.detail;
  }
}

export const badRequest = (message: string, detail?: string) =>
  new MortError('bad_request', message, { detail });

export const notFound = (message = 'not found') => new MortError('not_found', message);

export function isMortError(err: unknown): err is MortError {
  return err instanceof MortError;
}
