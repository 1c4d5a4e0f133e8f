/**
 * Redis for tests: REDIS_URL, else the shared one on 127.0.0.1:6379, else a throwaway redis-server on
 * a free port. Every test file gets its own key prefix and removes its keys afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { redisAnswers, type SpawnedRedis, spawnRedis } from '../../src/runtime/redis-server.ts';
import { removePrefix } from './redis-keys.ts';

export interface TestRedis {
  url: string;
  prefix: string;
}

export function useRedis(): TestRedis {
  const ctx = {} as TestRedis;
  let spawned: SpawnedRedis | undefined;
  beforeAll(async () => {
    const candidate = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    if (await redisAnswers(candidate)) ctx.url = candidate;
    else {
      spawned = await spawnRedis();
      ctx.url = spawned.url;
    }
    ctx.prefix = `tijdig-test-${randomUUID().slice(0, 8)}`;
  });
  afterAll(async () => {
    if (ctx.url && !spawned) await removePrefix(ctx.url, ctx.prefix);
    await spawned?.stop();
  });
  return ctx;
}
