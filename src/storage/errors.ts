// Storage failures, expressed in the server's one error family (src/errors.ts). Public
// messages never carry paths or URLs; those go into `detail` for logs.

import { MortError } from '../errors.ts';

/** SPEC §8.1: a missing object; the HTTP layer answers `{"error":"item not found"}`. */
export function itemNotFound(): MortError {
  return new MortError('not_found', 'item not found');
}

/** A GET of a directory: 404 with an empty `application/xml` body (SPEC §8.1). */
export class DirectoryObjectError extends MortError {
  constructor() {
    super('not_found', 'object is a directory');
    this.name = 'DirectoryObjectError';
  }
}

/** Any failure of the backend that is not a miss: 500. */
export function storageFailure(message: string, cause?: unknown): MortError {
  return new MortError('internal', message, { detail: describeCause(cause) });
}

/** The backend cannot be created or reached right now: 503, retried on the next request. */
export function storageUnavailable(message: string, cause?: unknown): MortError {
  return new MortError('unavailable', message, { detail: describeCause(cause) });
}

/** An operation the adapter does not offer (SPEC §8.6/§8.7 answer these with 500). */
export function operationNotSupported(kind: string, operation: string): MortError {
  return new MortError('internal', `${kind} storage does not support ${operation}`);
}

/** Keys that could leave the container are refused, never cleaned (defence in depth). */
export function unsafeKey(detail: string): MortError {
  return new MortError('bad_request', 'invalid object key', { detail });
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;

  return cause instanceof Error ? cause.message : String(cause);
}
