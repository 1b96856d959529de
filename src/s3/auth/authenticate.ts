// S3 request authentication: when it is required (§7.1), whose key applies and which status a
// failure gets (§7.2), and which signature algorithm verifies the request (§7.3).

import type { MortConfig } from '../../config/types.ts';
import type { Credentials } from './credentials.ts';
import { PRESIGN, readCredentials } from './credentials.ts';
import { lookupKey } from './keys.ts';
import type { PayloadPlan } from './payload.ts';
import { hasBody, planV2Payload, planV4Payload } from './payload.ts';
import { forbiddenResponse, unauthorizedResponse } from './responses.ts';
import type { AuthResult } from './types.ts';
import { verifyV2 } from './verify-v2.ts';
import { verifyV4 } from './verify-v4.ts';

const ANONYMOUS: AuthResult = { kind: 'anonymous' };
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function denied(response: Response): AuthResult {
  return { kind: 'denied', response };
}

/** §7.1: reads are public unless they target `/` or carry credentials; writes never are. */
export function isAuthRequired(method: string, url: URL, headers: Headers): boolean {
  if (!READ_METHODS.has(method.toUpperCase())) return true;

  const hasCredentials = headers.has('authorization') || url.searchParams.has(PRESIGN.signature);
  return url.pathname === '/' || hasCredentials;
}

/** First path segment, decoded; `""` for `/`. */
export function bucketNameOf(url: URL): string {
  const segment = url.pathname.split('/')[1] ?? '';

  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Verifies the signature and plans the body; a Response when refused. */
function verify(
  request: Request,
  url: URL,
  creds: Exclude<Credentials, { scheme: 'none' }>,
  secret: string,
  now: Date,
): PayloadPlan | Response {
  const input = {
    method: request.method.toUpperCase(),
    headers: request.headers,
    url,
    hasBody: hasBody(request),
  };

  if (creds.scheme === 'v2') {
    const outcome = verifyV2(input, creds.signature, secret, now);
    if (outcome.kind === 'denied') return outcome.response;

    const deferred = outcome.kind === 'deferred' ? outcome.matchesBodyMd5 : undefined;
    return planV2Payload(request.headers, deferred);
  }

  const outcome = verifyV4(input, creds, secret, now);
  if (!outcome.ok) return outcome.response;

  return planV4Payload(request.headers, outcome);
}

/**
 * Authenticates an S3 request. `url` is the parsed request URL; its `pathname` must be the path
 * as received (percent-encoding kept) because V4 and V2 sign that form. `now` is for tests.
 * Synchronous: only the body checks, which `wrapBody` returns, wait for data.
 */
export function authenticate(
  request: Request,
  url: URL,
  config: MortConfig,
  now: Date = new Date(),
): AuthResult {
  if (!isAuthRequired(request.method, url, request.headers)) return ANONYMOUS;

  const creds = readCredentials(request.headers, url.searchParams);
  const lookup = lookupKey(config, bucketNameOf(url), creds.accessKey);
  if (lookup.kind === 'no-bucket') return denied(forbiddenResponse());

  // §7.2: a presigned URL without credential or date counts as "no auth" → 401.
  const query = url.searchParams;
  const isPresignIncomplete = !query.has(PRESIGN.credential) || !query.has(PRESIGN.date);
  if (creds.scheme === 'v4-presigned' && isPresignIncomplete) return denied(unauthorizedResponse());

  if (creds.scheme === 'none' || lookup.kind === 'unknown-key') {
    return denied(unauthorizedResponse());
  }

  const plan = verify(request, url, creds, lookup.secret, now);
  if (plan instanceof Response) return denied(plan);

  if (url.pathname === '/') return { kind: 'list-buckets', accessKey: creds.accessKey };

  return {
    kind: 'authenticated',
    accessKey: creds.accessKey,
    bucket: lookup.bucket,
    scheme: creds.scheme,
    ...plan,
  };
}
