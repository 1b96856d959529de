// Every rendering passes this gate. It remembers when the last one started (the "activity" of
// SPEC §11.4), and lets idle cleanup close it: new renderings wait, running ones finish, and
// the cleanup runs with nothing rendering.

export class RenderGate {
  private running = 0;
  private starts = 0;
  private lastStart = performance.now();
  private closed: Promise<void> | undefined;
  private reopen: (() => void) | undefined;
  private drained: (() => void) | undefined;

  /** Milliseconds since the last rendering started (or since the gate was made). */
  get idleMs(): number {
    return this.running > 0 ? 0 : performance.now() - this.lastStart;
  }

  get active(): number {
    return this.running;
  }

  /** Renderings started so far. */
  get started(): number {
    return this.starts;
  }

  /** Waits while the gate is closed; returns the function that marks the rendering done. */
  async enter(): Promise<() => void> {
    while (this.closed) await this.closed;
    this.running++;
    this.starts++;
    this.lastStart = performance.now();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running--;
      if (this.running === 0) this.drained?.();
    };
  }

  /** Runs one rendering through the gate. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.enter();
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /** Closes the gate, waits for running renderings, runs `task`, and opens the gate again. */
  async whileClosed<T>(task: () => T | Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.closed = new Promise((resolve) => { this.reopen = resolve; });
    try {
      if (this.running > 0) {
        await new Promise<void>((resolve) => { this.drained = resolve; });
      }
      return await task();
    } finally {
      this.drained = undefined;
      this.closed = undefined;
      this.reopen?.();
    }
  }
}
