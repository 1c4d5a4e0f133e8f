/**
 * Rate limits, counted in Redis so that every API process enforces one limit. Each limit has its
 * own key prefix under the organisation's Redis prefix (tests give each run its own prefix and
 * remove its keys afterwards).
 *
 * | limit          | counts                                | per      | window  | at most |
 * | -------------- | ------------------------------------- | -------- | ------- | ------- |
 * | api            | every /api/v1 request                 | token    | 1 min   | 600, or the token's own (tokens create --rate-limit) |
 * | apiAuth        | /api answers of 401 (bad tokens)      | address  | 15 min  | 100     |
 * | statusMisses   | /s/… answers of 404 (misses)          | address  | 15 min  | 20      |
 * | lookup         | invoice look-ups (POST /lookup)       | address  | 15 min  | 10      |
 * | messages       | messages sent from a status page      | address  | 1 hour  | 10      |
 * | signInAddress  | failed sign-ins                       | address  | 15 min  | 20      |
 * | signInAccount  | failed sign-ins                       | account  | 15 min  | 5       |
 */
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, type Options, rateLimit, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { redisUp } from '../../queues/connections.ts';
import { CoalescingRedisStore } from './coalescing-store.ts';
import { FallbackStore } from './fallback-store.ts';

export const LIMITS = {
  api: { windowMs: 60_000, limit: 600 },
  apiAuth: { windowMs: 15 * 60_000, limit: 100 },
  statusMisses: { windowMs: 15 * 60_000, limit: 20 },
  lookup: { windowMs: 15 * 60_000, limit: 10 },
  messages: { windowMs: 60 * 60_000, limit: 10 },
  signInAddress: { windowMs: 15 * 60_000, limit: 20 },
  signInAccount: { windowMs: 15 * 60_000, limit: 5 },
} as const;

export type LimitName = keyof typeof LIMITS;

export interface RateLimitDeps {
  /** Counts live here; without it (tests of the bare app) each process counts for itself. */
  redis?: Redis;
  prefix: string;
  /** Overrides for a limit (benchmarks raise them; they never turn a limit off). */
  overrides?: Partial<Record<LimitName, number>>;
}

/** Counts in Redis, or in this process while Redis does not answer (see FallbackStore). */
function storeFor(name: LimitName, deps: RateLimitDeps): Store | undefined {
  const { redis } = deps;
  if (!redis) return undefined;
  return new FallbackStore(new CoalescingRedisStore(redis, `${deps.prefix}:rl:${name}:`), () => redisUp(redis));
}

/** Counts every request; over the limit, `extra.handler` answers. */
export function limiter(name: LimitName, deps: RateLimitDeps, extra: Partial<Options>): RequestHandler {
  const store = storeFor(name, deps);
  return rateLimit({
    ...LIMITS[name],
    limit: deps.overrides?.[name] ?? LIMITS[name].limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(store ? { store } : {}),
    ...extra,
  });
}

export interface MissOptions {
  /** Whose misses count (default: the address). A request without a key is not limited. */
  key?: (req: Request) => string | undefined;
  /** Which answers are misses (default: 404). */
  isMiss?: (res: Response) => boolean;
}

/**
 * Counts only the misses (by default requests answered 404), and refuses a key once it has had too
 * many. Counting after the answer matters: express-rate-limit's skipSuccessfulRequests counts every
 * request first and takes it back after a success, so 64 concurrent good requests were refused as
 * 64 misses.
 */
export function missLimiter(
  name: LimitName,
  deps: RateLimitDeps,
  onBlocked: (req: Request, res: Response) => void,
  opts: MissOptions = {},
): RequestHandler {
  const misses = missCounter(name, deps);
  const keyOf = opts.key ?? addressOf;
  const isMiss = opts.isMiss ?? ((res: Response) => res.statusCode === 404);
  return async (req, res, next) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    if (await misses.blocked(key)) return onBlocked(req, res);
    res.on('finish', () => {
      if (isMiss(res)) misses.hit(key);
    });
    next();
  };
}

export const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

export type MissCounter = ReturnType<typeof missCounter>;

/** A count of misses per key in one limit's window: whether a key is over it, and one more. */
export function missCounter(name: LimitName, deps: RateLimitDeps) {
  const { windowMs } = LIMITS[name];
  const limit = deps.overrides?.[name] ?? LIMITS[name].limit;
  const store = storeFor(name, deps) ?? new MemoryStore();
  const ready = Promise.resolve(store.init?.({ windowMs } as Options));
  return {
    async blocked(key: string): Promise<boolean> {
      await ready;
      const seen = await store.get?.(key);
      return !!seen && seen.totalHits >= limit;
    },
    hit(key: string): void {
      Promise.resolve(store.increment(key)).catch(() => {});
    },
  };
}
