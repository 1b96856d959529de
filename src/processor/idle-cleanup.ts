// Idle cleanup (SPEC §11.4): after a quiet spell, give the memory renderings left behind back
// to the system, so an instance that served a burst does not sit on its peak for hours.
import type { RenderGate } from './render-gate.ts';

export interface IdleCleanupOptions {
  gate: RenderGate;
  idleTimeoutMs: number;
  /** Forces a full garbage collection too (`aggressiveGC`). */
  aggressiveGC: boolean;
  /** Frees the image library's caches and idle buffers. */
  release: () => void;
  /** Resident memory of the process, in bytes. */
  residentBytes?: () => number;
  /** Called after a cleanup that lowered resident memory. */
  onFreed?: (bytes: number) => void;
  /** A second look after the idle time, in case work just arrived (30 s in SPEC §11.4). */
  confirmMs?: number;
  /** How often to look; SPEC §11.4: a third of the idle time, at least a minute. */
  checkEveryMs?: number;
}

export class IdleCleanup {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private stopped = false;
  /** `gate.started` when memory was last released: no need to release it again until then. */
  private releasedAt = -1;
  private wake: (() => void) | undefined;
  /** The check in progress, so that stop() can wait for it. */
  private running: Promise<void> | undefined;

  constructor(private readonly options: IdleCleanupOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(this.checkEveryMs());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wake?.();
    await this.running;
  }

  /** One look; exposed so that tests drive it without waiting for timers. */
  async check(): Promise<boolean> {
    const { gate, idleTimeoutMs } = this.options;
    if (this.releasedAt === gate.started || gate.idleMs < idleTimeoutMs) return false;

    await this.sleep(this.options.confirmMs ?? 30_000);
    if (this.stopped || gate.idleMs < idleTimeoutMs) return false;

    await gate.whileClosed(() => this.release());
    this.releasedAt = gate.started;
    return true;
  }

  private release(): void {
    const resident = this.options.residentBytes ?? (() => process.memoryUsage.rss());
    const before = resident();
    this.options.release();
    if (this.options.aggressiveGC) Bun.gc(true);
    const after = resident();
    if (after < before) this.options.onFreed?.(before - after);
  }

  private checkEveryMs(): number {
    return this.options.checkEveryMs ?? Math.max(this.options.idleTimeoutMs / 3, 60_000);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.check().then(() => undefined, () => undefined)
        .finally(() => { this.running = undefined; this.schedule(this.checkEveryMs()); });
    }, timerDelay(delayMs));
    // A pending check never keeps the process alive on its own.
    this.timer.unref();
  }

  /** Ends early when the cleanup is stopped. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, timerDelay(ms));
      this.timer.unref();
    }).finally(() => { this.wake = undefined; });
  }
}

/** Timers take at most 2^31-1 ms (about 24 days); a longer wait would fire at once instead. */
function timerDelay(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}
