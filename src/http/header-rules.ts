// Response header rules (SPEC §6.10) and the CORS headers every response carries (§3).
import type { HeaderRule } from '../config/index.ts';

const exposed = 'Content-Type, X-Amz-Public-Width, X-Amz-Public-Height, ' +
  'X-Amz-Meta-Public-Width, X-Amz-Meta-Public-Height';

/** CORS (SPEC §3), plus nosniff: browsers must not guess a type for what we serve. */
export const corsHeaders: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS, HEAD',
  'access-control-allow-headers': exposed,
  'access-control-expose-headers': exposed,
  'accept-ranges': 'bytes',
};

const corsEntries = Object.entries(corsHeaders);

/** Sets the CORS headers; a response that already carries them (a cache hit) is left alone. */
export function addCors(headers: Headers): void {
  if (headers.has('access-control-allow-origin')) return;
  for (const [name, value] of corsEntries) headers.set(name, value);
}

/**
 * Bucket headers fill what is missing; then the first global rule for the status applies
 * (all values with `override`, else only missing ones); with no rule, S3-authenticated
 * responses get `Cache-Control: no-cache`. Header names compare case-insensitively (§12.20).
 */
export function applyHeaderRules(
  headers: Headers,
  status: number,
  bucketHeaders: Readonly<Record<string, string>>,
  rules: readonly HeaderRule[],
  authenticated: boolean,
): void {
  for (const [name, value] of Object.entries(bucketHeaders)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  const rule = rules.find((candidate) => candidate.statusCodes.includes(status));
  if (rule) {
    for (const [name, value] of Object.entries(rule.values)) {
      if (rule.override || !headers.has(name)) headers.set(name, value);
    }
  } else if (authenticated) {
    headers.set('cache-control', 'no-cache');
  }
}
