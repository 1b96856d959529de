// One message shape for every rejected operation parameter, so clients and tests see the same
// "invalid <name>: expected <rule>" text. The received value is never echoed: it may be long,
// binary or a secret-bearing URL.

import { MortError } from '../errors.ts';

/** A 400 for a parameter that broke its rule. */
export function invalidParameter(name: string, expected: string): MortError {
  return new MortError('bad_request', `invalid ${name}: expected ${expected}`);
}

/** A 400 for a request-level problem that is not about one parameter. */
export function invalidTransform(message: string): MortError {
  return new MortError('bad_request', message);
}
