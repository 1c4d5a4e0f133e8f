/**
 * Rate limits, counted in Redis so that every API process enforces one limit. Each limit has its
 * own key prefix under the organisation's Redis prefix (tests give each run its own prefix and
 * remove its keys afterwards).
 *
 * | limit          | counts                                | per      | window  | at most |
 * | -------------- | ------------------------------------- | -------- | ------- | ------- |
 * | api            | every /api request                    | address  | 1 min   | 600     |
 * | statusMisses   | /s/… answers of 400 and up (misses)   | address  | 15 min  | 20      |
 * | lookup         | invoice look-ups (POST /lookup)       | address  | 15 min  | 10      |
 * | messages       | messages sent from a status page      | address  | 1 hour  | 10      |
 */
import type { RequestHandler } from 'express';
import { type Options, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { type RedisReply, RedisStore } from 'rate-limit-redis';

export const LIMITS = {
  api: { windowMs: 60_000, limit: 600 },
  statusMisses: { windowMs: 15 * 60_000, limit: 20 },
  lookup: { windowMs: 15 * 60_000, limit: 10 },
  messages: { windowMs: 60 * 60_000, limit: 10 },
} as const;

export type LimitName = keyof typeof LIMITS;

export interface RateLimitDeps {
  /** Counts live here; without it (tests of the bare app) each process counts for itself. */
  redis?: Redis;
  prefix: string;
  /** Overrides for a limit (benchmarks raise them; they never turn a limit off). */
  overrides?: Partial<Record<LimitName, number>>;
}

export function limiter(name: LimitName, deps: RateLimitDeps, extra: Partial<Options>): RequestHandler {
  const { redis } = deps;
  return rateLimit({
    ...LIMITS[name],
    limit: deps.overrides?.[name] ?? LIMITS[name].limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(redis
      ? {
          store: new RedisStore({
            prefix: `${deps.prefix}:rl:${name}:`,
            sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
          }),
        }
      : {}),
    ...extra,
  });
}
