// One storage instance per (bucket, storage name), created on first use. A missing transform
// storage behaves as no-op (SPEC §12.16) rather than failing every transformed request.
import type { MortConfig } from '../config/index.ts';
import type { MortObject, StorageRef } from '../object/index.ts';
import { createNoopStorage, createStorage, type ObjectLocation, type Storage } from
  '../storage/index.ts';
import { instrumentStorage } from '../storage/instrumented.ts';

export class Storages {
  private readonly instances = new Map<string, Storage>();
  private readonly noop = createNoopStorage();

  constructor(private readonly config: MortConfig) {}

  get(ref: StorageRef): Storage {
    if (ref.type === 'noop') return this.noop;
    const id = `${ref.bucket}\u0000${ref.name}`;
    let storage = this.instances.get(id);
    if (storage) return storage;

    const definition = this.config.buckets[ref.bucket]?.storages[ref.name];
    storage = definition
      ? createStorage(definition, { bucketName: ref.bucket, storageName: ref.name })
      : this.noop;
    if (definition && this.config.server.monitoring === 'prometheus') {
      storage = instrumentStorage(storage, ref.name === 'transform' ? 'transform' : 'parent');
    }
    this.instances.set(id, storage);
    return storage;
  }

  /** The bucket's `basic` storage: where originals and uploads live. */
  basic(bucket: string): Storage {
    return this.get({ type: 'configured', bucket, name: 'basic' });
  }
}

export function locationOf(object: MortObject): ObjectLocation {
  return { bucket: object.bucket, key: object.key };
}
