// How S3 API answers look: every one carries `x-amz-request-id` and `Cache-Control: no-cache`
// (authenticated responses are never cached downstream, issue 4 "caching rules"), and errors
// are S3 `<Error>` documents.

import { log } from '../../monitoring/log.ts';
import { isBodyVerificationError } from '../auth/index.ts';
import { toS3Error } from './errors.ts';
import { buildXml, type XmlNode } from './xml.ts';
import { newRequestId } from './request.ts';

/** Headers shared by every S3 API answer. */
export function s3Headers(requestId: string, extra: Record<string, string> = {}): Headers {
  return new Headers({ 'x-amz-request-id': requestId, 'cache-control': 'no-cache', ...extra });
}

export function xmlResponse(
  requestId: string,
  root: string,
  content: XmlNode,
  status = 200,
): Response {
  const headers = s3Headers(requestId, { 'content-type': 'application/xml' });
  return new Response(buildXml(root, content), { status, headers });
}

export function emptyResponse(
  requestId: string,
  status = 200,
  extra: Record<string, string> = {},
): Response {
  return new Response(null, { status, headers: s3Headers(requestId, extra) });
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * The reply to a failed S3 request. `resource` is the request path as sent. Body verification
 * failures keep the auth module's own reply (a late signature mismatch is a bare 403).
 */
export function errorReply(
  err: unknown,
  resource: string,
  requestId: string = newRequestId(),
  isHead = false,
): Response {
  if (isBodyVerificationError(err)) {
    const reply = err.toResponse();
    reply.headers.set('x-amz-request-id', requestId);
    return reply;
  }

  const error = toS3Error(err);
  if (error.status >= 500) {
    const message = err instanceof Error ? err.message : String(err);
    const detail = err instanceof Error && 'detail' in err ? err.detail : undefined;
    log.error({ code: error.s3Code, message, detail }, 'S3 request failed');
  }

  const headers = s3Headers(requestId, { 'content-type': 'application/xml' });
  if (isHead) return new Response(null, { status: error.status, headers });

  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.s3Code}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  return new Response(body, { status: error.status, headers });
}
