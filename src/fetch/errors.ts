// Client-facing watermark failures. SPEC §5.4 item 3: any fetch failure is a 400. The messages
// are fixed strings so no URL, address or path reaches a client; `detail` carries those for logs.

import { MortError, badRequest } from '../errors.ts';

/** The source breaks the SSRF / file-disclosure policy (SPEC §12 item 30). */
export const sourceNotAllowed = (detail: string): MortError =>
  badRequest('watermark source not allowed', detail);

/** Network failure, non-2xx answer, timeout, too many redirects or a missing file. */
export const fetchFailed = (detail: string): MortError =>
  badRequest('watermark could not be fetched', detail);

/** The body passed `maxBytes`; `too_large` also maps to 400. */
export const sourceTooLarge = (detail: string): MortError =>
  new MortError('too_large', 'watermark too large', { detail });

/** A short, URL-free description of a failure (Bun's network messages repeat the full URL). */
export function errorCode(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? code : err.name;
  }

  return 'unknown error';
}

/** Logs must not show userinfo or query strings (STYLE §3 item 20), so details use this form. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
