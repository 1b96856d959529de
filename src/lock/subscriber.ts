// One pub/sub connection per Redis node (or per cluster), shared by every waiter of the process:
// a channel is subscribed while at least one listener wants it, and messages fan out locally.

import type { RedisClient } from '../cache/index.ts';

interface Channel {
  readonly listeners: Set<() => void>;
  /** The SUBSCRIBE in flight or done; undefined after it failed, so the next listener retries. */
  subscribed: Promise<unknown> | undefined;
}

export class ChannelSubscriber {
  private readonly channels = new Map<string, Channel>();
  private readonly onMessage = (channel: string) => {
    for (const listener of this.channels.get(channel)?.listeners ?? []) listener();
  };

  /** `client` is used for pub/sub only (a dedicated connection, or a cluster client). */
  constructor(private readonly client: RedisClient) {
    client.on('message', this.onMessage);
  }

  /**
   * Calls `listener` on every message on `channel`. Resolves true once the subscription is
   * active, false when it could not be made in `timeoutMs` (the caller then has to poll).
   */
  async listen(channel: string, listener: () => void, timeoutMs: number): Promise<boolean> {
    let entry = this.channels.get(channel);
    if (entry === undefined) {
      entry = { listeners: new Set(), subscribed: undefined };
      this.channels.set(channel, entry);
    }
    entry.listeners.add(listener);

    // Commands on one connection run in order, so a SUBSCRIBE sent after an UNSUBSCRIBE of the
    // same channel leaves it subscribed.
    const subscribed = entry.subscribed ?? this.client.subscribe(channel);
    entry.subscribed = subscribed;

    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('subscribe timed out')), timeoutMs);
    });

    try {
      await Promise.race([subscribed, timeout]);
      return true;
    } catch {
      if (entry.subscribed === subscribed) entry.subscribed = undefined;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Removes `listener`; the last one of a channel unsubscribes it. */
  unlisten(channel: string, listener: () => void): void {
    const entry = this.channels.get(channel);
    if (entry === undefined || !entry.listeners.delete(listener) || entry.listeners.size > 0) {
      return;
    }

    this.channels.delete(channel);
    this.client.unsubscribe(channel).catch(() => {});
  }

  /** Channels with listeners, for tests and debugging. */
  get channelCount(): number {
    return this.channels.size;
  }

  close(): void {
    this.client.off('message', this.onMessage);
    this.channels.clear();
  }
}
