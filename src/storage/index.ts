// Public surface of src/storage/: other folders import only from here.

export type { StorageContext, StorageDefinition } from './definition.ts';
export type {
  ByteRange,
  GetOptions,
  GetResult,
  HeadResult,
  ListEntry,
  ListOptions,
  ListResult,
  ObjectLocation,
  ObjectMetadata,
  PutOptions,
  PutResult,
  Storage,
} from './types.ts';
export { createStorage } from './factory.ts';
export { createNoopStorage } from './noop.ts';
export { DirectoryObjectError } from './errors.ts';
export { assertSafeKey } from './keys.ts';
