/**
 * A rate-limit store that counts in Redis without a round trip per request. A hit waits for Redis
 * when this process has not heard the key's shared count in the last HEARD_MS (so a process that
 * starts, a new window, or a quiet spell begins from the shared count); otherwise it is counted here
 * at once and sent to Redis with the others: one command per key carries every hit made while the
 * previous one was on its way. Under load that is one round trip for dozens of requests. A request is
 * judged by the shared count last heard plus this process's hits not sent yet, so other processes'
 * hits count here within HEARD_MS or one round trip, whichever is longer. `get` always asks Redis.
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';

// Adds ARGV[2] hits to a key, starting its window of ARGV[1] ms when it is new (or expired).
const ADD = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
  return { tonumber(ARGV[2]), tonumber(ARGV[1]) }
end
return { redis.call('INCRBY', KEYS[1], ARGV[2]), ttl }
`;

const GET = `return { redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1]) }`;

const HEARD_MS = 250;

interface Count {
  /** The shared count as Redis last answered it (this process's sent hits included). */
  shared: number;
  /** Hits made here and not sent yet. */
  pending: number;
  resetAt: number;
  /** When Redis last told the shared count. */
  heardAt: number;
}

/** The client with this store's scripts defined on it. */
type RateRedis = Redis & {
  tijdigRateAdd(key: string, windowMs: number, hits: number): Promise<[number, number]>;
  tijdigRateGet(key: string): Promise<[string | null, number]>;
};

export class CoalescingRedisStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private readonly counts = new Map<string, Count>();
  private sending: Promise<void> | null = null;
  private queued = false;
  private readonly redis: RateRedis;

  constructor(
    redis: Redis,
    readonly prefix: string,
  ) {
    redis.defineCommand('tijdigRateAdd', { numberOfKeys: 1, lua: ADD });
    redis.defineCommand('tijdigRateGet', { numberOfKeys: 1, lua: GET });
    this.redis = redis as RateRedis;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    const count = this.counts.get(key);
    if (count && now < count.resetAt && now - count.heardAt < HEARD_MS) {
      count.pending++;
      this.send();
      return { totalHits: count.shared + count.pending, resetTime: new Date(count.resetAt) };
    }
    const [total, ttl] = await this.redis.tijdigRateAdd(this.prefix + key, this.windowMs, 1);
    const fresh = { shared: total, pending: 0, resetAt: Date.now() + ttl, heardAt: Date.now() };
    const other = this.counts.get(key);
    // Hits counted here while this one was on its way stay counted.
    if (other && other.resetAt > now) fresh.pending = other.pending;
    this.counts.set(key, fresh);
    return { totalHits: fresh.shared + fresh.pending, resetTime: new Date(fresh.resetAt) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [hits, ttl] = await this.redis.tijdigRateGet(this.prefix + key);
    const pending = this.counts.get(key)?.pending ?? 0;
    if (hits === null || ttl <= 0) return pending ? { totalHits: pending, resetTime: new Date(Date.now() + this.windowMs) } : undefined;
    return { totalHits: Number(hits) + pending, resetTime: new Date(Date.now() + ttl) };
  }

  async decrement(key: string): Promise<void> {
    const count = this.counts.get(key);
    if (count) {
      count.pending--;
      this.send();
    } else await this.redis.decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    this.counts.delete(key);
    await this.redis.del(this.prefix + key);
  }

  /** Sends the pending hits now, or as soon as the previous send is answered. */
  private send(): void {
    if (this.sending) {
      this.queued = true;
      return;
    }
    this.sending = this.sendPending().finally(() => {
      this.sending = null;
      if (this.queued) {
        this.queued = false;
        this.send();
      }
    });
  }

  private async sendPending(): Promise<void> {
    // Waits for this turn's other hits, so they go in the same command.
    await new Promise<void>((r) => setImmediate(r));
    const now = Date.now();
    const sent: Array<Promise<unknown>> = [];
    for (const [key, count] of this.counts) {
      if (now >= count.resetAt + this.windowMs) {
        this.counts.delete(key);
        continue;
      }
      if (count.pending === 0) continue;
      const hits = count.pending;
      count.pending = 0;
      sent.push(
        this.redis.tijdigRateAdd(this.prefix + key, this.windowMs, hits).then(
          ([total, ttl]) => {
            count.shared = total;
            count.resetAt = Date.now() + ttl;
            count.heardAt = Date.now();
          },
          // Redis did not take them: they stay counted here and go with the next send.
          () => {
            count.pending += hits;
          },
        ),
      );
    }
    await Promise.all(sent);
  }
}
