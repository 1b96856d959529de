// Range and conditional request handling on the way out (SPEC §6.14). Takes the handler's
// 200 and returns it unchanged, or a 304, 412, 206 or 416 in its place. A replaced response's
// body is cancelled, so the file handle or storage stream behind it is released at once.

import { discardBody } from './body-stream.ts';
import { partialResponse } from './byteranges.ts';
import {
  evaluatePreconditions,
  ifRangeHolds,
  isConditionalRequest,
  readValidators,
} from './preconditions.ts';
import { parseRange, type RangeableBody, rangesLength } from './range.ts';

// More parts than this are answered with the full body (RFC 9110 §14.2 allows ignoring Range):
// each part costs a storage read and ~100 bytes of framing, so tiny ranges amplify cheaply.
const MAX_RANGES = 100;

// RFC 9110 §15.4.5: a 304 carries no representation metadata describing a body.
const NOT_MODIFIED_DROPPED = ['content-type', 'content-length', 'content-encoding'];

// Error replies are not the representation: drop its body metadata and validators, and the
// cache lifetime the header rules gave the 200, as Go's serveError does.
const ERROR_DROPPED = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-range',
  'etag',
  'last-modified',
  'cache-control',
  'expires',
];

/**
 * Applies If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range and Range
 * to a 200 `response` for `request`. Preconditions are evaluated for every 200; Range only when
 * `body` gives offset access to the same bytes (otherwise the full 200 is sent).
 */
export function applyConditionals(
  request: Request,
  response: Response,
  body?: RangeableBody,
): Response {
  if (response.status !== 200 || !isConditionalRequest(request)) return response;

  const validators = readValidators(response.headers);
  const verdict = evaluatePreconditions(request, validators);
  if (verdict === 'not-modified') return replace(response, notModified(response.headers));
  if (verdict === 'failed') return replace(response, preconditionFailed(response.headers));

  const rangeHeader = request.headers.get('range');
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  if (rangeHeader === null || !body || !isRead || !ifRangeHolds(request, validators)) {
    return response;
  }

  const parsed = parseRange(rangeHeader, body.size);
  if (parsed.kind === 'invalid') {
    return replace(response, rangeError(response.headers, 'invalid range'));
  }

  if (parsed.kind === 'unsatisfiable') {
    const reply = rangeError(response.headers, 'invalid range: failed to overlap');
    reply.headers.set('content-range', `bytes */${body.size}`);
    return replace(response, reply);
  }

  // Ranges that overlap or cover everything: the plain 200 is smaller and simpler (SPEC §6.14).
  const { ranges } = parsed;
  if (rangesLength(ranges) > body.size || ranges.length > MAX_RANGES) return response;

  discardBody(response);
  return partialResponse(response, body, ranges, request.method === 'HEAD');
}

function replace(original: Response, reply: Response): Response {
  discardBody(original);
  return reply;
}

function notModified(source: Headers): Response {
  const headers = without(source, NOT_MODIFIED_DROPPED);
  // With an ETag the client already has a better validator; Go drops the date too.
  if (headers.has('etag')) headers.delete('last-modified');

  return new Response(null, { status: 304, headers });
}

function preconditionFailed(source: Headers): Response {
  return new Response(null, { status: 412, headers: without(source, ERROR_DROPPED) });
}

function rangeError(source: Headers, message: string): Response {
  const headers = without(source, ERROR_DROPPED);
  headers.set('content-type', 'text/plain; charset=utf-8');
  headers.set('x-content-type-options', 'nosniff');

  return new Response(`${message}\n`, { status: 416, headers });
}

function without(source: Headers, names: readonly string[]): Headers {
  const headers = new Headers(source);
  for (const name of names) headers.delete(name);

  return headers;
}
