// Choosing the adapter for a storage definition by its `kind` (SPEC §2.6.2, §8).

import type { StorageContext, StorageDefinition } from './definition.ts';
import { createHttpStorage } from './http.ts';
import { createLocalMetaStorage } from './local-meta.ts';
import { createLocalStorage } from './local.ts';
import { createNoopStorage } from './noop.ts';
import { createS3Storage } from './s3.ts';
import type { Storage } from './types.ts';
import { createUnavailableStorage } from './unavailable.ts';

type StorageFactory = (definition: StorageDefinition, context: StorageContext) => Storage;

const factories: Record<string, StorageFactory> = {
  local: createLocalStorage,
  'local-meta': createLocalMetaStorage,
  http: createHttpStorage,
  noop: createNoopStorage,
  s3: createS3Storage,
};

/**
 * Builds the storage for one definition. Creation does no I/O; backends are reached on first
 * use. Kinds without an adapter (azure, sftp) give a storage whose every operation answers
 * 503, so one exotic storage does not stop the whole server. b2, google and oracle are refused
 * by the config, which points to `kind: s3` with the provider's S3-compatible endpoint.
 */
export function createStorage(
  definition: StorageDefinition,
  context: StorageContext = {},
): Storage {
  const factory = factories[definition.kind];

  return factory ? factory(definition, context) : createUnavailableStorage(definition.kind);
}
