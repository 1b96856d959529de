// Cloudinary's request signature (SPEC §10.2 step 3): lower-hex SHA-1 of the sorted, signed
// form fields followed by the api secret, and the timestamp window it must fall into.

import { timingSafeEqual } from 'node:crypto';

/** How far a timestamp may lie in the future (clock skew), in seconds. */
export const MAX_FUTURE_SECONDS = 10 * 60;
/** How long a signed timestamp stays valid, in seconds. */
export const MAX_AGE_SECONDS = 60 * 60;

const UNSIGNED_FIELDS = new Set(['api_key', 'signature']);
const INTEGER = /^[+-]?[0-9]+$/;

/** One non-file form field, in the order it was sent. */
export interface FormField {
  readonly name: string;
  readonly value: string;
}

/**
 * The signed text: every field except `api_key` and `signature`, sorted by name (stable, so
 * repeated fields keep their order), joined as `name=value` with `&`. Values are raw.
 */
export function signedText(fields: readonly FormField[]): string {
  return fields
    .filter(({ name }) => !UNSIGNED_FIELDS.has(name))
    .toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, value }) => `${name}=${value}`)
    .join('&');
}

/** `SHA1(signedText + secret)` as lower-case hex. */
export function signFields(fields: readonly FormField[], secret: string): string {
  return new Bun.CryptoHasher('sha1').update(signedText(fields) + secret).digest('hex');
}

/** True when `timestamp` (unix seconds, as sent) is an integer inside the accepted window. */
export function isFreshTimestamp(timestamp: string, nowSeconds: number): boolean {
  if (!INTEGER.test(timestamp)) return false;

  const sent = Number(timestamp);
  return nowSeconds >= sent - MAX_FUTURE_SECONDS && nowSeconds <= sent + MAX_AGE_SECONDS;
}

/** Constant-time comparison of two signatures. */
export function isSameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
