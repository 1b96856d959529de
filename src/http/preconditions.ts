// Evaluation of conditional request headers against a response's validators, in the order of
// RFC 9110 §13.2.2 (SPEC §6.14 steps 1–3). Mirrors Go's checkPreconditions, which the
// reference runs, except that ETags compare tolerantly (SPEC §12 item 13).

import { type EntityTag, parseEtag, parseEtagList, strongMatch, weakMatch } from './etag.ts';
import { parseHttpDate, toSeconds } from './http-date.ts';

/** Request headers that make a request range/conditional (SPEC §6.14, §9.2). */
export const CONDITIONAL_HEADERS = [
  'range',
  'if-range',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'if-modified-since',
] as const;

/** What the preconditions decided: go on serving, or answer 304 / 412 right away. */
export type PreconditionVerdict = 'proceed' | 'not-modified' | 'failed';

/** The response's validators, read once. */
export interface Validators {
  readonly etag: EntityTag | undefined;
  /** Last-Modified in whole seconds; undefined when the header is absent. */
  readonly lastModifiedSeconds: number | undefined;
}

/** True when the request carries any header of CONDITIONAL_HEADERS. */
export function isConditionalRequest(request: Request): boolean {
  return CONDITIONAL_HEADERS.some((name) => request.headers.has(name));
}

/** Reads ETag and Last-Modified; an unparsable Last-Modified counts as now (reference). */
export function readValidators(headers: Headers, nowMs = Date.now()): Validators {
  const lastModified = headers.get('last-modified');
  const lastModifiedMs = lastModified === null ? undefined
    : (parseHttpDate(lastModified) ?? nowMs);

  return {
    etag: parseEtag(headers.get('etag')),
    lastModifiedSeconds: lastModifiedMs === undefined ? undefined : toSeconds(lastModifiedMs),
  };
}

/** Steps 1–2: If-Match / If-Unmodified-Since, then If-None-Match / If-Modified-Since. */
export function evaluatePreconditions(
  request: Request,
  validators: Validators,
): PreconditionVerdict {
  const headers = request.headers;
  const isSafe = request.method === 'GET' || request.method === 'HEAD';

  const ifMatch = headers.get('if-match');
  if (ifMatch !== null) {
    if (!listMatches(ifMatch, validators.etag, strongMatch)) return 'failed';
  } else if (isModifiedSince(headers.get('if-unmodified-since'), validators) === true) {
    return 'failed';
  }

  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    if (!listMatches(ifNoneMatch, validators.etag, weakMatch)) return 'proceed';

    return isSafe ? 'not-modified' : 'failed';
  }

  // If-Modified-Since is ignored for unsafe methods and whenever If-None-Match is present.
  if (isSafe && isModifiedSince(headers.get('if-modified-since'), validators) === false) {
    return 'not-modified';
  }

  return 'proceed';
}

/**
 * Step 3: whether a Range may be honoured. Absent If-Range → true. An entity-tag must match
 * strongly; a date must equal Last-Modified to the second. A weak tag never matches.
 */
export function ifRangeHolds(request: Request, validators: Validators): boolean {
  const value = request.headers.get('if-range');
  if (value === null) return true;

  const trimmed = value.trim();
  const date = /^(W\/)?"/.test(trimmed) ? undefined : parseHttpDate(trimmed);
  if (date !== undefined) return toSeconds(date) === validators.lastModifiedSeconds;

  const tag = parseEtag(trimmed);
  return tag !== undefined && validators.etag !== undefined && strongMatch(tag, validators.etag);
}

function listMatches(
  list: string,
  etag: EntityTag | undefined,
  compare: (a: EntityTag, b: EntityTag) => boolean,
): boolean {
  return parseEtagList(list).some(
    (tag) => tag === '*' || (etag !== undefined && compare(tag, etag)),
  );
}

// undefined when the condition cannot be evaluated: no header, an unparsable date, or no
// Last-Modified (RFC 9110 §13.1.3/§13.1.4 say to ignore the header then).
function isModifiedSince(value: string | null, validators: Validators): boolean | undefined {
  if (value === null || validators.lastModifiedSeconds === undefined) return undefined;

  const since = parseHttpDate(value);
  if (since === undefined) return undefined;

  return validators.lastModifiedSeconds > toSeconds(since);
}
