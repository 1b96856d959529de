// Verifies `Authorization: AWS <ak>:<sig>` (Signature V2, §7.3): base64 HMAC-SHA1 of
// METHOD \n Content-MD5 \n Content-Type \n Date \n CanonicalAmzHeaders CanonicalResource.

import { createHmac } from 'node:crypto';

import { canonicalPaths, parseQuery } from './canonical.ts';
import { matchesAny } from './compare.ts';
import * as dates from './dates.ts';
import { forbiddenResponse, s3ErrorResponse } from './responses.ts';

/** Query parameters that are part of the V2 CanonicalResource (AWS and botocore's list). */
const SUB_RESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'cors', 'delete', 'inventory', 'lifecycle', 'location',
  'logging', 'metrics', 'notification', 'object-lock', 'partNumber', 'policy', 'replication',
  'requestPayment', 'response-cache-control', 'response-content-disposition',
  'response-content-encoding', 'response-content-language', 'response-content-type',
  'response-expires', 'restore', 'select', 'select-type', 'tagging', 'torrent', 'uploadId',
  'uploads', 'versionId', 'versioning', 'versions', 'website',
]);

/** Request facts the V2 string to sign is built from. */
export interface V2Input {
  readonly method: string;
  readonly headers: Headers;
  readonly url: URL;
  readonly hasBody: boolean;
}

/**
 * `ok`; `denied`; or `deferred`: only the reference quirk (base64 MD5 of the body in the
 * Content-MD5 slot) can still match, so `matchesBodyMd5` decides once the body was read.
 */
export type V2Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'denied'; readonly response: Response }
  | { readonly kind: 'deferred'; readonly matchesBodyMd5: (md5Base64: string) => boolean };

function canonicalAmzHeaders(headers: Headers): string {
  const lines: string[] = [];

  headers.forEach((value, name) => {
    if (!name.startsWith('x-amz-')) return;
    lines.push(`${name}:${value.replace(/[\r\n]+/g, ' ').trim()}\n`);
  });

  return lines.sort().join('');
}

/**
 * CanonicalResource candidates: AWS's (every sub-resource, sorted, with its value) and the
 * reference's (only the sub-resource the query starts with, without value).
 */
function canonicalResources(url: URL): string[] {
  const pairs = parseQuery(url.search);
  const subResources = pairs
    .filter(([name]) => SUB_RESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  const first = pairs[0]?.[0];
  const suffixes = new Set([subResources.length > 0 ? `?${subResources.join('&')}` : '']);

  if (first !== undefined && SUB_RESOURCES.has(first)) suffixes.add(`?${first}`);

  return canonicalPaths(url.pathname).flatMap((path) => [...suffixes].map((s) => path + s));
}

/** Date slot candidates: AWS leaves it empty when `x-amz-date` is sent; the reference does not. */
function dateSlots(headers: Headers): string[] {
  const date = headers.get('date') ?? '';

  return headers.has('x-amz-date') && date !== '' ? ['', date] : [date];
}

function signatures(input: V2Input, secret: string, md5Slot: string): string[] {
  const head = `${input.method}\n${md5Slot}\n${input.headers.get('content-type') ?? ''}\n`;
  const tail = canonicalAmzHeaders(input.headers);
  const results: string[] = [];

  for (const date of dateSlots(input.headers)) {
    for (const resource of canonicalResources(input.url)) {
      const stringToSign = `${head}${date}\n${tail}${resource}`;
      results.push(createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64'));
    }
  }

  return results;
}

function checkTime(headers: Headers, now: Date): Response | undefined {
  const text = headers.get('x-amz-date') ?? headers.get('date');
  const signedAt = text === null ? undefined : dates.parseRequestDate(text);

  if (signedAt === undefined) {
    const message = 'AWS authentication requires a valid Date or x-amz-date header';
    return s3ErrorResponse(403, 'AccessDenied', message);
  }

  if (dates.isWithinSkew(signedAt, now)) return undefined;

  const message = 'The difference between the request time and the server time is too large';
  return s3ErrorResponse(403, 'RequestTimeTooSkewed', message);
}

/** Verifies a V2 header signature, then its date (±15 minutes, as AWS does). */
export function verifyV2(input: V2Input, signature: string, secret: string, now: Date): V2Outcome {
  const contentMd5 = input.headers.get('content-md5');

  if (matchesAny(signatures(input, secret, contentMd5 ?? ''), signature)) {
    const timeError = checkTime(input.headers, now);
    return timeError ? { kind: 'denied', response: timeError } : { kind: 'ok' };
  }

  const isUpload = input.method === 'PUT' || input.method === 'POST';
  const mayUseBodyMd5 = contentMd5 === null && input.hasBody && isUpload;
  if (!mayUseBodyMd5) return { kind: 'denied', response: forbiddenResponse() };

  // The signer is unproven until the body ends, so the date is checked now, not after.
  const timeError = checkTime(input.headers, now);
  if (timeError) return { kind: 'denied', response: timeError };

  return {
    kind: 'deferred',
    matchesBodyMd5: (md5) => matchesAny(signatures(input, secret, md5), signature),
  };
}
