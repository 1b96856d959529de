// Constant-time comparison of signatures (§7.3), so response timing reveals no matching prefix.

import { timingSafeEqual } from 'node:crypto';

/** True when both strings are equal; the time taken depends only on `expected`'s length. */
export function isSameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');

  if (a.length !== b.length) {
    // Still spend a comparison so a length probe costs the same as a content probe.
    timingSafeEqual(a, a);
    return false;
  }

  return timingSafeEqual(a, b);
}

/** True when `received` equals any of `candidates`. */
export function matchesAny(candidates: readonly string[], received: string): boolean {
  let isMatch = false;

  // No early exit: every candidate is compared, whichever one matches.
  for (const candidate of candidates) {
    if (isSameSignature(candidate, received)) isMatch = true;
  }

  return isMatch;
}
