import { Redis } from 'ioredis';

/**
 * Producers (the API) fail fast when Redis is gone instead of queueing commands in memory, so a
 * request that cannot enqueue gets an error rather than hanging; workers retry forever, as BullMQ
 * requires (maxRetriesPerRequest: null).
 */
export function producerConnection(url: string): Redis {
  return watched(new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }));
}

/**
 * The web layer's Redis (rate-limit counters, sessions): commands issued before the connection is up
 * wait for it (the limiter loads its script at start-up), and a command that cannot be sent fails
 * after one retry.
 */
export function webConnection(url: string): Redis {
  return watched(new Redis(url, { maxRetriesPerRequest: 1 }));
}

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** PING with a deadline, for readiness checks. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connections whose connection closed and that have not been ready since. */
const lost = new WeakSet<Redis>();

function watched(redis: Redis): Redis {
  redis.on('close', () => lost.add(redis));
  redis.on('ready', () => lost.delete(redis));
  return redis;
}

/**
 * Whether a connection can be used now. One that lost Redis is not until it is ready again, though
 * it may be connecting meanwhile (to a port that takes the connection and drops it, over and over);
 * one still making its first connection is, so a process just started does not refuse its first
 * requests.
 */
export const redisUp = (redis: Redis): boolean =>
  redis.status === 'ready' || (!lost.has(redis) && !['reconnecting', 'close', 'end'].includes(redis.status));
