// The request-collapsing lock (SPEC §6.5). The first caller for a key gets the lock and does the
// work; the others wait until it releases and then reuse what it produced.

/**
 * A lock over keys that include the bucket (`collapseKey`, SPEC §12 item 9). `T` is what the
 * winner hands to waiters in the same process, typically the buffered response.
 */
export interface Lock<T> {
  /**
   * Takes the lock for `key`, or reports that someone holds it. Rejects with a 500 MortError only
   * when the backend fails (Redis unreachable); this is quick, never a hang.
   */
  acquire(key: string): Promise<LockAcquired<T> | LockBusy<T>>;
  /** Stops timers and closes connections. Held locks are left to expire. */
  close(): Promise<void>;
  readonly stats: LockStats;
}

/** The caller holds the lock and must call `release` exactly once, also on failure. */
export interface LockAcquired<T> {
  readonly acquired: true;
  /**
   * Frees the lock and wakes every waiter. Waiters in this process receive `result` itself (the
   * same object, not a copy); leave it undefined when there is nothing to share (the work
   * failed). Waiters in other processes are only told that the winner finished. Never rejects.
   */
  release(result?: T): Promise<void>;
}

/** Someone else holds the lock; call `wait` at most once. */
export interface LockBusy<T> {
  readonly acquired: false;
  /**
   * Waits until the holder releases (or, on Redis, its lock expires), `timeoutMs` passes, or
   * `signal` aborts. Never rejects.
   */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome<T>>;
}

/**
 * `notified` with a `result`: reuse it. `notified` without one: the winner finished elsewhere or
 * shared nothing, so look in the response cache, else do the work. `timeout`: SPEC §6.5 says cache
 * hit or 504. `aborted`: the caller's signal fired.
 */
export type WaitOutcome<T> =
  | { readonly status: 'notified'; readonly result: T | undefined }
  | { readonly status: 'timeout' }
  | { readonly status: 'aborted' };

/** Running totals since start. */
export interface LockStats {
  /** `acquire` calls that got the lock. */
  acquired: number;
  /** `acquire` calls that found it held: `mort_request_collapsed_count`. */
  collapsed: number;
  /** Waits that ended with `notified`. */
  notified: number;
  /** Waits that ended with `timeout`. */
  timeouts: number;
  /** Backend failures (failed acquires, refreshes and releases). */
  errors: number;
}

export function emptyLockStats(): LockStats {
  return { acquired: 0, collapsed: 0, notified: 0, timeouts: 0, errors: 0 };
}

/** The lock key of an object: bucket then key (which starts with `/`), SPEC §12 item 9. */
export function collapseKey(bucket: string, key: string): string {
  return bucket + key;
}
