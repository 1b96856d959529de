// Bounded background work (store-back, cache fills): at most `limit` tasks in flight; when
// full, new tasks are skipped and counted rather than piled up. Failures are logged.
import { log } from '../monitoring/log.ts';

export class BackgroundQueue {
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  skipped = 0;
  failed = 0;

  constructor(private readonly limit = 64) {}

  get pending(): number {
    return this.running;
  }

  /** Starts `task` unless the queue is full; returns whether it was started. */
  run(name: string, task: () => Promise<unknown>): boolean {
    if (this.running >= this.limit) {
      this.skipped++;
      log.warn({ task: name }, 'background queue full, task skipped');
      return false;
    }
    this.running++;
    task()
      .catch((err: unknown) => {
        this.failed++;
        log.error({ task: name, detail: err instanceof Error ? err.message : String(err) },
          'background task failed');
      })
      .finally(() => {
        this.running--;
        if (this.running === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
      });
    return true;
  }

  /** Resolves when nothing is running: used at shutdown and by tests. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
