// Request collapsing across instances that share Redis (SPEC §6.5). The lock is a key set with
// NX and a TTL of `lockTimeout`, holding a random token; it is refreshed while the work runs and
// released with compare-and-delete plus a PUBLISH that wakes waiters everywhere. Waiters in the
// same process as the winner are woken directly and get its result object.

import {
  closeClient,
  luaScript,
  REDIS_KEY_PREFIX,
  runScript,
  withTimeout,
  type RedisClient,
  type RedisTarget,
} from '../cache/index.ts';
import type { Redis } from 'ioredis';
import { MortError } from '../errors.ts';
import { Hold, waitFor } from './hold.ts';
import { ChannelSubscriber } from './subscriber.ts';
import {
  emptyLockStats,
  type Lock,
  type LockAcquired,
  type LockBusy,
  type LockStats,
  type WaitOutcome,
} from './types.ts';

export interface RedisLockOptions {
  /** Lock TTL in ms (`server.lockTimeout` × 1000); refreshed every half of it while held. */
  readonly lockTimeoutMs: number;
  /** How often a waiter checks that the lock key still exists, in ms. Default 500. */
  readonly pollIntervalMs?: number;
  /** Bound on one Redis call, in ms. Default 200. */
  readonly timeoutMs?: number;
}

export const LOCK_KEY_PREFIX = `${REDIS_KEY_PREFIX}lock:`;
export const RELEASE_CHANNEL_PREFIX = `${REDIS_KEY_PREFIX}lock-released:`;

// Extends the TTL only while the lock still holds our token: after an expiry another instance
// may own it.
const REFRESH = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`);

// Deleting and publishing in one step means a waiter that subscribed and then saw the key still
// present cannot miss the message.
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], '1')
  return 1
end
return 0`);

type AcquireState = 'held' | 'busy' | 'failed';

/** A key this process is acquiring or holds; same-process callers queue behind it. */
interface LocalEntry<T> {
  readonly hold: Hold<T>;
  readonly state: Promise<AcquireState>;
}

export class RedisLock<T> implements Lock<T> {
  readonly stats: LockStats = emptyLockStats();
  private readonly local = new Map<string, LocalEntry<T>>();
  private readonly subscribers = new Map<RedisClient, ChannelSubscriber>();
  private readonly ownedSubscriberClients: RedisClient[] = [];
  private readonly refreshTimers = new Set<Timer>();
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private isClosed = false;

  constructor(private readonly target: RedisTarget, private readonly options: RedisLockOptions) {
    this.timeoutMs = options.timeoutMs ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;

    // Subscribers connect now, so the first waiter does not race a connecting client.
    for (const client of target.clients) {
      if (target.kind === 'redis-cluster') {
        // The cluster client keeps its own connection for pub/sub.
        this.subscribers.set(client, new ChannelSubscriber(client));
        continue;
      }

      // Not a cluster here, so a single-node client (the union's duplicate() is not callable).
      const connection = (client as Redis).duplicate();
      connection.on('error', () => {});
      this.ownedSubscriberClients.push(connection);
      this.subscribers.set(client, new ChannelSubscriber(connection));
    }
  }

  async acquire(key: string): Promise<LockAcquired<T> | LockBusy<T>> {
    if (this.isClosed) throw lockError('lock is closed');

    const existing = this.local.get(key);
    if (existing !== undefined) {
      const state = await existing.state;
      if (state === 'failed') throw lockError('redis lock acquire failed');

      this.stats.collapsed++;
      return state === 'held' ? this.localBusy(existing.hold) : this.remoteBusy(key);
    }

    let settle!: (state: AcquireState) => void;
    const entry: LocalEntry<T> = {
      hold: new Hold<T>(),
      state: new Promise((resolve) => (settle = resolve)),
    };
    const client = this.target.clientFor(key);
    const lockKey = LOCK_KEY_PREFIX + key;
    const token = crypto.randomUUID();
    let state: AcquireState;
    let failure: unknown;

    this.local.set(key, entry);
    try {
      const reply = client.set(lockKey, token, 'PX', this.options.lockTimeoutMs, 'NX');
      state = (await withTimeout(reply, this.timeoutMs)) === 'OK' ? 'held' : 'busy';
    } catch (err) {
      state = 'failed';
      failure = err;
      // A SET that timed out here may still land on Redis; undo it so nobody waits a whole TTL.
      const args = [token, RELEASE_CHANNEL_PREFIX + key];
      runScript(client, RELEASE, [lockKey], args).catch(() => {});
    }
    settle(state);
    if (state !== 'held' && this.local.get(key) === entry) this.local.delete(key);

    if (state === 'failed') {
      this.stats.errors++;
      throw lockError('redis lock acquire failed', failure);
    }
    if (state === 'busy') {
      this.stats.collapsed++;
      return this.remoteBusy(key);
    }

    this.stats.acquired++;
    return this.held(key, entry, client, token);
  }

  /** True once the command and subscriber connections are up; false after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<boolean> {
    const subscribers = this.ownedSubscriberClients.map((client) =>
      client.status === 'ready' ? Promise.resolve() : new Promise((r) => client.once('ready', r)));
    const connected = await this.target.ready(timeoutMs);
    if (!connected) return false;

    return withTimeout(Promise.all(subscribers), timeoutMs).then(() => true, () => false);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;

    this.isClosed = true;
    for (const timer of this.refreshTimers) clearInterval(timer);
    this.refreshTimers.clear();
    for (const subscriber of this.subscribers.values()) subscriber.close();
    await Promise.all(this.ownedSubscriberClients.map(closeClient));
    await this.target.close();
  }

  private held(key: string, entry: LocalEntry<T>, client: RedisClient, token: string):
    LockAcquired<T> {
    const lockKey = LOCK_KEY_PREFIX + key;
    const ttlMs = this.options.lockTimeoutMs;
    const refresh = setInterval(() => {
      withTimeout(runScript(client, REFRESH, [lockKey], [token, ttlMs]), this.timeoutMs)
        .then((extended) => {
          if (Number(extended) !== 1) this.stats.errors++;
        })
        .catch(() => this.stats.errors++);
    }, Math.max(1, Math.floor(ttlMs / 2)));
    let isReleased = false;

    refresh.unref();
    this.refreshTimers.add(refresh);

    return {
      acquired: true,
      release: async (result) => {
        if (isReleased) return;

        isReleased = true;
        clearInterval(refresh);
        this.refreshTimers.delete(refresh);
        if (this.local.get(key) === entry) this.local.delete(key);
        entry.hold.release(result);

        try {
          const args = [token, RELEASE_CHANNEL_PREFIX + key];
          await withTimeout(runScript(client, RELEASE, [lockKey], args), this.timeoutMs);
        } catch {
          // The key expires by itself; remote waiters then see it gone when they poll.
          this.stats.errors++;
        }
      },
    };
  }

  private localBusy(hold: Hold<T>): LockBusy<T> {
    const wait = (timeoutMs: number, signal?: AbortSignal) =>
      hold.wait(timeoutMs, signal, this.stats);
    return { acquired: false, wait };
  }

  private remoteBusy(key: string): LockBusy<T> {
    const wait = (timeoutMs: number, signal?: AbortSignal) =>
      this.waitRemote(key, timeoutMs, signal);
    return { acquired: false, wait };
  }

  /**
   * Waits for the release message, and polls the key's existence as a fallback for lost
   * messages, a subscriber that is down, and a winner that died (its key expires).
   */
  private waitRemote(key: string, timeoutMs: number, signal: AbortSignal | undefined):
    Promise<WaitOutcome<T>> {
    const client = this.target.clientFor(key);
    const subscriber = this.subscribers.get(client)!;
    const lockKey = LOCK_KEY_PREFIX + key;
    const channel = RELEASE_CHANNEL_PREFIX + key;

    return waitFor<T>(timeoutMs, signal, this.stats, (finish) => {
      const notify = () => finish({ status: 'notified', result: undefined });
      const checkGone = async () => {
        try {
          if ((await withTimeout(client.exists(lockKey), this.timeoutMs)) === 0) notify();
        } catch {
          // Redis unreachable: keep waiting until the timeout.
        }
      };
      const poll = setInterval(checkGone, this.pollIntervalMs);

      // Check only once subscribed: a release between the failed SET and the SUBSCRIBE would
      // otherwise go unnoticed until the next poll.
      void subscriber.listen(channel, notify, this.timeoutMs).then(checkGone);

      return () => {
        clearInterval(poll);
        subscriber.unlisten(channel, notify);
      };
    });
  }
}

function lockError(detail: string, cause?: unknown): MortError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new MortError('internal', 'lock backend unavailable', { detail: detail + reason });
}
