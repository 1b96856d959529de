// The answer to a GET of an archived S3 object (SPEC §6.12): 503 with Retry-After and the
// X-Mort-* headers, and, when the bucket enables it, one restore request in the background
// that is remembered until its Retry-After has passed so it is not requested again.

import type { GlacierConfig } from '../config/index.ts';
import { errorResponse } from '../http/errors.ts';
import { ArchivedObjectError, isArchivedObjectError } from '../storage/s3-errors.ts';

export { ArchivedObjectError, isArchivedObjectError };

/** What the restore cache holds per object (SPEC §6.12); times are epoch milliseconds. */
export interface RestoreStatus {
  key: string;
  requestedAt: number;
  expiresAt: number;
  inProgress: boolean;
}

/** Where restore statuses live: memory here; a Redis-backed store fits the same shape. */
export interface RestoreStatusStore {
  get(key: string): Promise<RestoreStatus | undefined>;
  set(key: string, status: RestoreStatus, ttlSeconds: number): Promise<void>;
}

/** Counters of SPEC §11.2 (`mort_glacier_error_detected`, `mort_glacier_restore_initiated`). */
export interface GlacierMetrics {
  errorDetected(): void;
  restoreInitiated(): void;
}

export interface GlacierRestoresOptions {
  /** Default: a MemoryRestoreStatusStore. */
  store?: RestoreStatusStore;
  metrics?: GlacierMetrics;
  /**
   * Starts background work, e.g. `BackgroundQueue.run`; returning false means it was not
   * started. Default: a detached promise.
   */
  runInBackground?: (name: string, task: () => Promise<unknown>) => boolean | void;
  /** Epoch milliseconds; tests move time forward. */
  now?: () => number;
  /** SPEC §6.12: the restore request is given up after 10 s. */
  timeoutMs?: number;
}

/** The settings the flow reads; the config's `buckets.<name>.glacier` fits. */
export type GlacierSettings = Pick<
  GlacierConfig,
  'enabled' | 'restoreTier' | 'restoreDays' | 'retryAfterSeconds'
>;

const RESTORE_TIMEOUT_MS = 10_000;
/** SPEC §6.12: the status outlives its Retry-After by a day. */
const STATUS_GRACE_SECONDS = 24 * 60 * 60;
const MAX_MEMORY_ENTRIES = 10_000;

/** Restore statuses in process memory, dropped after their TTL. */
export class MemoryRestoreStatusStore implements RestoreStatusStore {
  private readonly entries = new Map<string, { status: RestoreStatus; dropAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<RestoreStatus | undefined> {
    const entry = this.entries.get(key);
    if (entry && entry.dropAt <= this.now()) this.entries.delete(key);

    return entry && entry.dropAt > this.now() ? entry.status : undefined;
  }

  async set(key: string, status: RestoreStatus, ttlSeconds: number): Promise<void> {
    // Bounded: a flood of distinct archived keys must not grow memory without limit. Maps keep
    // insertion order, so the first key is the oldest entry.
    if (this.entries.size >= MAX_MEMORY_ENTRIES && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }

    this.entries.set(key, { status, dropAt: this.now() + ttlSeconds * 1000 });
  }
}

/** Answers archived-object errors and starts each object's restore once. */
export class GlacierRestores {
  private readonly store: RestoreStatusStore;
  private readonly now: () => number;
  // Restores requested by this process and not yet answered: concurrent requests for the same
  // object must not each start one.
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: GlacierRestoresOptions = {}) {
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new MemoryRestoreStatusStore(this.now);
  }

  /** The 503 for `error`; starts the restore when `glacier.enabled` and none is running. */
  async answer(error: ArchivedObjectError, glacier: GlacierSettings | undefined):
    Promise<Response> {
    this.options.metrics?.errorDetected();
    if (!glacier?.enabled) return errorResponse(error);

    const key = restoreKey(error);
    const status = await this.store.get(key);
    const isInProgress = status !== undefined && this.now() < status.expiresAt;
    if (!isInProgress && !this.pending.has(key)) this.startRestore(key, error, glacier);

    const headers = new Headers({
      'retry-after': String(glacier.retryAfterSeconds),
      'x-mort-glacier-status': 'restoring',
      'x-mort-glacier-tier': glacier.restoreTier,
      'x-mort-storage-class': error.storageClass,
    });
    return errorResponse(error, headers);
  }

  /** Resolves when no restore request of this instance is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled(this.pending.values());
  }

  private startRestore(key: string, error: ArchivedObjectError, glacier: GlacierSettings) {
    let finish!: () => void;
    this.pending.set(key, new Promise<void>((resolve) => (finish = resolve)));

    const task = async () => {
      try {
        await this.restore(key, error, glacier);
      } finally {
        this.pending.delete(key);
        finish();
      }
    };

    const run = this.options.runInBackground;
    if (!run) {
      // Failures are not remembered, so the next request simply asks again.
      task().catch(() => undefined);
      return;
    }

    if (run('glacier restore', task) === false) {
      this.pending.delete(key);
      finish();
    }
  }

  private async restore(key: string, error: ArchivedObjectError, glacier: GlacierSettings) {
    const requestedAt = this.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? RESTORE_TIMEOUT_MS);

    await error.requestRestore(glacier.restoreDays, glacier.restoreTier, signal);

    const expiresAt = this.now() + glacier.retryAfterSeconds * 1000;
    const status = { key, requestedAt, expiresAt, inProgress: true };
    await this.store.set(key, status, glacier.retryAfterSeconds + STATUS_GRACE_SECONDS);
    this.options.metrics?.restoreInitiated();
  }
}

/** Everything handleArchived needs besides the error. */
export interface ArchivedContext {
  /** `buckets.<name>.glacier` of the requested bucket; undefined answers a plain 503. */
  glacier: GlacierSettings | undefined;
  /** Restore bookkeeping; default: one process-wide instance with a memory store. */
  restores?: GlacierRestores;
}

let defaultRestores: GlacierRestores | undefined;

/**
 * The response for a GET that failed because the object is archived (SPEC §6.12). HEAD never
 * gets here: object metadata stays readable.
 */
export function handleArchived(error: ArchivedObjectError, context: ArchivedContext):
  Promise<Response> {
  const restores = context.restores ?? (defaultRestores ??= new GlacierRestores());

  return restores.answer(error, context.glacier);
}

// SPEC §12.9: the bucket is part of the key, so equal keys of two buckets do not share one.
function restoreKey(error: ArchivedObjectError): string {
  return `mort:glacier:restore:${error.location.bucket}${error.location.key}`;
}
