// Request collapsing (SPEC §6.5). Within one instance, identical renders share one promise and
// its result object (the bytes are not copied). Across instances sharing Redis, the instance
// that takes the Redis lock renders; the others wait for its release message and then find the
// result in the shared response cache or in transform storage.
import { collapseKey, type Lock } from '../lock/index.ts';
import { MortError } from '../errors.ts';
import { log } from '../monitoring/log.ts';
import { metrics } from '../monitoring/metrics.ts';

export class Collapser<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  collapsed = 0;

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      this.collapsed++;
      metrics.collapsed.inc();
      return running;
    }
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}

export interface SharedWork<T> {
  /** Renders; `publish` must be called once the result is visible to other instances. */
  render(publish: () => void): Promise<T>;
  /** What a waiter does once the winner has finished elsewhere: cache, storage, or undefined. */
  findFinished(): Promise<T | undefined>;
}

/**
 * Runs `work` under the cross-instance lock. A waiter that times out answers from what it can
 * find, else 504; a waiter woken with nothing to find renders itself.
 */
export async function runShared<T>(lock: Lock<true>, bucket: string, key: string,
  lockTimeoutMs: number, work: SharedWork<T>): Promise<T> {
  // Redis being down must not take rendering down with it: without the lock, instances may
  // render the same image twice, which is better than answering 500 (SPEC §6.5 says 500).
  const attempt = await lock.acquire(collapseKey(bucket, key)).catch((err: unknown) => {
    log.warn({ detail: err instanceof Error ? err.message : String(err) },
      'collapsing lock unavailable, rendering without it');
    return undefined;
  });
  if (!attempt) return work.render(() => {});
  if (attempt.acquired) {
    let released = false;
    const publish = () => {
      if (!released) attempt.release(true);
      released = true;
    };
    try {
      return await work.render(publish);
    } catch (err) {
      publish();
      throw err;
    }
  }

  metrics.collapsed.inc();
  const outcome = await attempt.wait(lockTimeoutMs);
  const found = await work.findFinished();
  if (found !== undefined) return found;
  if (outcome.status === 'timeout') {
    throw new MortError('timeout', 'error: timed out waiting for an identical request');
  }
  return work.render(() => {});
}
