// One timer for the whole fetch (DNS, connect, redirects, body): a per-step timeout would let a
// slow redirect chain or a trickling body hold a render for many times the configured limit.

/** An abortable deadline; call `dispose` when done so the timer doesn't keep the process alive. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Rejects as soon as the deadline passes, even for work that can't be aborted (DNS). */
  race<T>(work: Promise<T>): Promise<T>;
  dispose(): void;
}

/** Starts a deadline of `timeoutMs` milliseconds. */
export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  const expired = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
      once: true,
    });
  });
  // Nobody may be racing when the timer fires; an unobserved rejection must not crash the process.
  expired.catch(() => {});

  return {
    signal: controller.signal,
    race: (work) => Promise.race([work, expired]),
    dispose: () => clearTimeout(timer),
  };
}

/** The abort reason of a deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}
