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

/**
 * Any failure of the backend that is not a miss: 500, except the file-system answers that
 * describe the key rather than the server: a name too long for the disk (400), and a key
 * whose parent "directory" is an object (409).
 */
export function storageFailure(message: string, cause?: unknown): MortError {
  const detail = describeCause(cause);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENAMETOOLONG') {
    return new MortError('bad_request', 'invalid object key: too long', { detail });
  }
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return new MortError('conflict', 'error: a parent of this key is an object', { detail });
  }
  return new MortError('internal', message, { detail });
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
