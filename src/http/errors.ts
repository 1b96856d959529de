// The one place where failures become HTTP responses (SPEC §3 error body, §12.3).
import { isMortError, MortError } from '../errors.ts';
import { log } from '../monitoring/log.ts';

export function toMortError(err: unknown): MortError {
  if (isMortError(err)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new MortError('internal', 'internal error', { detail });
}

/**
 * A short JSON error reply. Storage "not found" keeps Mort's text/plain body; every other
 * message is safe by construction (MortError messages never carry paths or secrets).
 */
export function errorResponse(err: unknown, headers: Headers = new Headers()): Response {
  const error = toMortError(err);
  if (error.status >= 500) {
    log.error({ code: error.code, detail: error.detail }, error.message);
  } else if (error.detail) {
    log.debug({ code: error.code, detail: error.detail }, error.message);
  }

  if (error.code === 'not_found') {
    headers.set('content-type', 'text/plain');
    return new Response('{"error":"item not found"}', { status: 404, headers });
  }
  const message = /error|invalid/i.test(error.message) ? error.message
    : `error: ${error.message}`;
  headers.set('content-type', 'application/json');
  if (error.code === 'throttled') headers.set('retry-after', '1');
  return new Response(JSON.stringify({ message }), { status: error.status, headers });
}
