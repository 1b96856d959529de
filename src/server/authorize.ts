// The authorisation step in front of the request flow (SPEC §7.1). Public reads pass; anything
// that needs S3 credentials is refused until signature verification is in place.
// TODO(s3-auth): verify S3 signatures (issue "S3-compatible API"); until then every request
// that needs credentials gets 403, so no write can happen unsigned.
import { MortError } from '../errors.ts';

export type Authorization = { kind: 'anonymous' } | { kind: 'authenticated' };

const publicMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authorize(request: Request, url: URL): Authorization {
  const signed = request.headers.has('authorization') || url.searchParams.has('X-Amz-Signature');
  if (publicMethods.has(request.method) && !signed && url.pathname !== '/') {
    return { kind: 'anonymous' };
  }
  throw new MortError('forbidden', 'error: S3 credentials are required');
}
