// `noop` storage (SPEC §8.7): nothing is ever stored. Used for objects with a parent but no
// operations, and as a `transform` storage that disables persistence.

import { itemNotFound, operationNotSupported } from './errors.ts';
import { assertSafeKey } from './keys.ts';
import type * as api from './types.ts';

/** Creates a storage that discards writes and finds nothing. */
export function createNoopStorage(): api.Storage {
  return {
    kind: 'noop',
    head: async (location) => {
      assertSafeKey(location.key);
      throw itemNotFound();
    },
    get: async (location) => {
      assertSafeKey(location.key);
      throw itemNotFound();
    },
    put: async (location, body, options = {}) => {
      // Cancelling tells the producer (e.g. the request body) that nobody will read it.
      if (!(body instanceof Uint8Array)) await body.cancel();
      // Unsafe keys are refused everywhere, so a config switch to noop changes no answer.
      assertSafeKey(location.key);

      const size = body instanceof Uint8Array ? body.length : (options.contentLength ?? 0);
      return { size, etag: undefined };
    },
    delete: async (location) => {
      assertSafeKey(location.key);
    },
    list: async () => {
      throw operationNotSupported('noop', 'listing');
    },
  };
}
