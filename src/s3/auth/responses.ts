// The replies of refused requests (§7.2). Reference cases keep the reference's bare bodies; the
// checks the reference lacks (clock skew, expiry, payload) answer with S3 XML error documents,
// whose `Code` AWS SDKs read (`RequestTimeTooSkewed` triggers their clock-offset retry).

/** S3 error codes this module answers with. */
export type S3AuthErrorCode =
  | 'AccessDenied'
  | 'AuthorizationQueryParametersError'
  | 'BadDigest'
  | 'IncompleteBody'
  | 'InvalidArgument'
  | 'InvalidDigest'
  | 'MissingSecurityHeader'
  | 'NotImplemented'
  | 'RequestTimeTooSkewed'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

/** §7.2 step 5: unknown access key or no/unknown auth scheme → 401, `text/plain`, empty body. */
export function unauthorizedResponse(): Response {
  return new Response(null, { status: 401, headers: { 'content-type': 'text/plain' } });
}

/** §7.2 steps 4 and 6: no bucket for the key, or signature mismatch → 403, no body or type. */
export function forbiddenResponse(): Response {
  return new Response(null, { status: 403 });
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** An S3 `<Error>` document. `message` must not carry secrets or signatures. */
export function s3ErrorResponse(status: number, code: S3AuthErrorCode, message: string): Response {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;

  return new Response(body, { status, headers: { 'content-type': 'application/xml' } });
}
