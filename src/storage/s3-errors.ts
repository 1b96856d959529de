// Failures of the `s3` adapter in the server's error family (SPEC §8.1, §8.5), and the archived
// object error that drives the Glacier / Deep Archive flow (SPEC §6.12).

import { MortError } from '../errors.ts';
import { itemNotFound, storageFailure, storageUnavailable } from './errors.ts';
import type { ObjectLocation } from './types.ts';

/** Storage classes whose objects must be restored before they can be read. */
export type ArchiveStorageClass = 'GLACIER' | 'DEEP_ARCHIVE';

/** Glacier retrieval tiers accepted by RestoreObject (SPEC §2.6.5). */
export type RestoreTier = 'Expedited' | 'Standard' | 'Bulk';

/** Asks the backend to restore one archived object for `days` at `tier`. */
export type RestoreRequest = (days: number, tier: RestoreTier, signal?: AbortSignal) =>
  Promise<void>;

/**
 * GetObject refused an archived object (InvalidObjectState): 503 until it is restored. Carries
 * what the request flow needs to answer and to start the restore (src/processor/glacier.ts).
 */
export class ArchivedObjectError extends MortError {
  readonly storageClass: ArchiveStorageClass;
  /** The object as the request named it (before pathPrefix and bucket override). */
  readonly location: ObjectLocation;
  /** Starts the restore of exactly this object on the storage that refused it. */
  readonly requestRestore: RestoreRequest;

  constructor(
    storageClass: ArchiveStorageClass,
    location: ObjectLocation,
    requestRestore: RestoreRequest,
  ) {
    super('unavailable', 'error: object is archived and must be restored first', {
      detail: `storage class ${storageClass}`,
    });
    this.name = 'ArchivedObjectError';
    this.storageClass = storageClass;
    this.location = location;
    this.requestRestore = requestRestore;
  }
}

export function isArchivedObjectError(error: unknown): error is ArchivedObjectError {
  return error instanceof ArchivedObjectError;
}

/** The fields of an AWS SDK v3 service or transport error that we read. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  StorageClass?: string;
  AccessTier?: string;
  $metadata?: { httpStatusCode?: number };
}

const NOT_FOUND_NAMES = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket']);

// Transport failures and throttling: the backend is unreachable right now, retry later (503).
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'CredentialsProviderError',
  'SlowDown',
  'ServiceUnavailable',
]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ConnectionRefused',
]);

/**
 * The MortError for a failed SDK call. `location` and `requestRestore` are only used when the
 * object is archived; MortErrors thrown by our own code pass through unchanged.
 */
export function fromS3Error(
  error: unknown,
  location?: ObjectLocation,
  requestRestore?: RestoreRequest,
): MortError {
  if (error instanceof MortError) return error;

  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const name = shape.name ?? '';

  if (name === 'InvalidObjectState' && location && requestRestore) {
    return new ArchivedObjectError(archiveClassOf(shape), location, requestRestore);
  }

  if (NOT_FOUND_NAMES.has(name) || status === 404) return itemNotFound();
  if (name === 'InvalidRange' || status === 416) {
    return new MortError('range_not_satisfiable', 'range not satisfiable');
  }

  const isUnavailable =
    UNAVAILABLE_NAMES.has(name) || UNAVAILABLE_CODES.has(shape.code ?? '') || status === 503;
  if (isUnavailable) return storageUnavailable('object store is unavailable', error);

  return storageFailure('object store request failed', error);
}

// SPEC §6.12 checks DEEP_ARCHIVE first. The SDK exposes the error document's StorageClass (and
// AccessTier for Intelligent-Tiering archives); the message is a fallback for stores that only
// mention the class in text. Any other InvalidObjectState on GET is an archive tier too.
function archiveClassOf(shape: SdkErrorShape): ArchiveStorageClass {
  const text = [shape.StorageClass, shape.AccessTier, shape.message].join(' ');

  return text.includes('DEEP_ARCHIVE') ? 'DEEP_ARCHIVE' : 'GLACIER';
}
