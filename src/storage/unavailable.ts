// Stand-in for storage kinds the config accepts but this server cannot build (yet). Every
// operation fails with 503, like a client that cannot be created (SPEC §8.1).

import { storageUnavailable } from './errors.ts';
import type * as api from './types.ts';

/** A storage whose every operation answers 503 naming the missing kind in the log detail. */
export function createUnavailableStorage(kind: string): api.Storage {
  const fail = async (): Promise<never> => {
    throw storageUnavailable('storage is not available', `storage kind ${kind} is not supported`);
  };

  return { kind, head: fail, get: fail, put: fail, delete: fail, list: fail };
}
