// Request collapsing within one instance (SPEC §6.5, `server.lock` absent or `type: memory`).

import { Hold } from './hold.ts';
import {
  emptyLockStats,
  type Lock,
  type LockAcquired,
  type LockBusy,
  type LockStats,
} from './types.ts';

export class MemoryLock<T> implements Lock<T> {
  readonly stats: LockStats = emptyLockStats();
  private readonly holds = new Map<string, Hold<T>>();

  acquire(key: string): Promise<LockAcquired<T> | LockBusy<T>> {
    return Promise.resolve(this.acquireNow(key));
  }

  /** The same as `acquire`, without the promise, for callers on a hot path. */
  acquireNow(key: string): LockAcquired<T> | LockBusy<T> {
    const held = this.holds.get(key);
    if (held !== undefined) {
      this.stats.collapsed++;
      const wait = (timeoutMs: number, signal?: AbortSignal) =>
        held.wait(timeoutMs, signal, this.stats);
      return { acquired: false, wait };
    }

    const hold = new Hold<T>();
    this.holds.set(key, hold);
    this.stats.acquired++;

    return {
      acquired: true,
      release: (result) => {
        // Only drop the map entry if it is still ours: a second release must not free a newer
        // holder of the same key.
        if (this.holds.get(key) === hold) this.holds.delete(key);
        hold.release(result);
        return Promise.resolve();
      },
    };
  }

  /** Keys currently held. */
  get size(): number {
    return this.holds.size;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
