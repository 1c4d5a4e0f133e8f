/**
 * The rate limits' Redis store: hits made at once go to Redis together, yet every process judges a
 * request by the shared count (src/http/middleware/coalescing-store.ts).
 */
import type { Options } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoalescingRedisStore } from '../../src/http/middleware/coalescing-store.ts';
import { useRedis } from '../support/redis.ts';

const WINDOW_MS = 60_000;

describe('the coalescing rate-limit store', () => {
  const redis = useRedis();
  const clients: Redis[] = [];
  /** Commands each client sent, counted as they go to Redis. */
  const sent = new Map<Redis, number>();

  /** One API process's store: a client of its own, the same prefix. */
  function processStore(): { store: CoalescingRedisStore; client: Redis } {
    const client = new Redis(redis.url);
    clients.push(client);
    sent.set(client, 0);
    const send = client.sendCommand.bind(client);
    client.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
      sent.set(client, (sent.get(client) ?? 0) + 1);
      return send(...args);
    }) as Redis['sendCommand'];
    const store = new CoalescingRedisStore(client, `${redis.prefix}:rl:test:`);
    store.init({ windowMs: WINDOW_MS } as Options);
    return { store, client };
  }

  let a: ReturnType<typeof processStore>;
  let b: ReturnType<typeof processStore>;
  beforeAll(() => {
    a = processStore();
    b = processStore();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
  });

  it('counts 200 hits made at once in far fewer commands, and none is lost', async () => {
    const first = await a.store.increment('token:1');
    expect(first.totalHits).toBe(1);
    expect(first.resetTime?.getTime()).toBeGreaterThan(Date.now() + WINDOW_MS - 5_000);
    const before = sent.get(a.client) ?? 0;
    const answers = await Promise.all(Array.from({ length: 200 }, () => a.store.increment('token:1')));
    // Each request is judged by a count of its own: 2, 3, … 201.
    expect(answers.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    await new Promise((r) => setTimeout(r, 50));
    expect((sent.get(a.client) ?? 0) - before).toBeLessThan(10);
    // All of them reached Redis: another process reads 201.
    expect((await b.store.get('token:1'))?.totalHits).toBe(201);
  });

  it("judges a request by the other processes' hits too", async () => {
    for (let i = 0; i < 5; i++) await a.store.increment('token:2');
    await new Promise((r) => setTimeout(r, 20));
    // b has never seen the key: it asks Redis, and counts a's five.
    expect((await b.store.increment('token:2')).totalHits).toBe(6);
    await new Promise((r) => setTimeout(r, 300));
    // a has not heard from Redis for a while: its next hit asks again, and counts b's.
    expect((await a.store.increment('token:2')).totalHits).toBe(7);
  });

  it('takes a hit back (decrement) and forgets a key (resetKey) in Redis as well', async () => {
    await a.store.increment('token:3');
    await a.store.increment('token:3');
    await a.store.decrement('token:3');
    await new Promise((r) => setTimeout(r, 20));
    expect((await b.store.get('token:3'))?.totalHits).toBe(1);
    await a.store.resetKey('token:3');
    expect(await b.store.get('token:3')).toBeUndefined();
  });
});
