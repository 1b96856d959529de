// In-process waiting: a held lock's waiters, handed the winner's result object on release.
// Used on its own by the memory lock, and by the Redis lock for waiters in the same process.

import type { LockStats, WaitOutcome } from './types.ts';

/**
 * Runs `start` until it calls `finish`, `timeoutMs` passes or `signal` aborts, whichever comes
 * first; then calls the cleanup `start` returned and counts the outcome in `stats`.
 */
export function waitFor<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stats: LockStats,
  start: (finish: (outcome: WaitOutcome<T>) => void) => () => void,
): Promise<WaitOutcome<T>> {
  if (signal?.aborted) return Promise.resolve({ status: 'aborted' });

  return new Promise((resolve) => {
    let isDone = false;
    let cleanup: (() => void) | undefined;

    const finish = (outcome: WaitOutcome<T>) => {
      if (isDone) return;

      isDone = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup?.();
      if (outcome.status === 'notified') stats.notified++;
      else if (outcome.status === 'timeout') stats.timeouts++;
      resolve(outcome);
    };
    const onAbort = () => finish({ status: 'aborted' });
    const timer = setTimeout(() => finish({ status: 'timeout' }), Math.max(0, timeoutMs));

    signal?.addEventListener('abort', onAbort, { once: true });
    const stop = start(finish);
    if (isDone) stop();
    else cleanup = stop;
  });
}

/** One held key in this process: the waiters to wake, and the result once released. */
export class Hold<T> {
  private isReleased = false;
  private result: T | undefined;
  private readonly waiters = new Set<(result: T | undefined) => void>();

  /** Wakes every waiter with `result` (the same object for all). Later calls do nothing. */
  release(result?: T): void {
    if (this.isReleased) return;

    this.isReleased = true;
    this.result = result;
    for (const wake of this.waiters) wake(result);
    this.waiters.clear();
  }

  /** Resolves at once when the hold was released before the caller got to wait. */
  wait(timeoutMs: number, signal: AbortSignal | undefined, stats: LockStats):
    Promise<WaitOutcome<T>> {
    return waitFor<T>(timeoutMs, signal, stats, (finish) => {
      if (this.isReleased) {
        finish({ status: 'notified', result: this.result });
        return () => {};
      }

      const wake = (result: T | undefined) => finish({ status: 'notified', result });
      this.waiters.add(wake);
      return () => this.waiters.delete(wake);
    });
  }
}
