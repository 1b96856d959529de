// Request collapsing within one instance (SPEC §6.5): concurrent identical work runs once and
// every caller gets the same result object (the body bytes are shared, not copied).

export class Collapser<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  collapsed = 0;

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      this.collapsed++;
      return running;
    }
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
