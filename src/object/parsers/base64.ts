// Base64 parent paths for `base64_presets`. The reference accepts only the standard alphabet
// without padding; we also accept the URL-safe alphabet and padding (SPEC §12.34), which
// changes nothing for URLs the reference accepted.

import { MortError } from '../../errors.ts';

const BASE64_BODY = /^[A-Za-z0-9+/\-_]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes base64 text (either alphabet, padding optional) to UTF-8; 400 when invalid. */
export function decodeBase64Text(text: string): string {
  const body = text.replace(/={1,2}$/, '');
  // A single leftover character cannot encode a byte: the reference rejects it too.
  if (!BASE64_BODY.test(body) || body.length % 4 === 1) {
    throw new MortError('bad_request', 'invalid parent: expected base64');
  }

  const bytes = Buffer.from(body.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new MortError('bad_request', 'invalid parent: expected base64 of UTF-8 text');
  }
}
