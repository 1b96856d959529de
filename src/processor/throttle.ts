// Bounds rendering (SPEC §6.6, DESIGN "Request flow"): a few renders run at once, in arrival
// order; a bounded number wait; beyond that, or after waiting too long, the answer is 503.
import { MortError } from '../errors.ts';

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (err: MortError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Throttle {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
    private readonly maxWaitMs = 60_000,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; call it exactly once. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(throttled());
    if (this.running < this.maxRunning) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(throttled());

    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => this.drop(waiter), this.maxWaitMs),
      };
      signal?.addEventListener('abort', () => this.drop(waiter), { once: true });
      this.waiting.push(waiter);
    });
  }

  private drop(waiter: Waiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.reject(throttled());
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(this.releaser());
      } else {
        this.running--;
      }
    };
  }
}

function throttled(): MortError {
  return new MortError('throttled', 'error: too many images in processing');
}
