/**
 * The whole service in-process for a test file: the embedded MongoDB (or MONGODB_URI), Redis with this
 * file's own prefix, the express app, real BullMQ workers, and one token per role.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import type { EmbeddedMongo } from '../../embedded-db';
import { loadConfig } from '../../src/config/env';
import { buildApp } from '../../src/http/app';
import { createLogger } from '../../src/logger';
import { connectMongo } from '../../src/persistence/connection';
import { createToken } from '../../src/persistence/tokens/token.repository';
import { producerConnection } from '../../src/queues/connections';
import { ImportProducer } from '../../src/queues/import.producer';
import { RecomputeProducer } from '../../src/queues/recompute.producer';
import { type OrgSettings, orgSettings } from '../../src/services/org-settings';
import { type RunningWorkers, startWorkers } from '../../workers';
import { importHandlers } from '../../workers/import.processor';
import { recomputeHandlers } from '../../workers/recompute.processor';
import { freshDatabase } from './mongo';
import { useRedis } from './redis';

export interface TestApp {
  http: ReturnType<typeof request>;
  tokens: { admin: string; finance: string; procurement: string };
  org: OrgSettings;
  recompute: RecomputeProducer;
  mongoUri: string;
  redisUrl: string;
  prefix: string;
}

export function useApp(opts: { workers?: boolean; uploadLimitBytes?: number } = {}): TestApp {
  const redis = useRedis();
  const ctx = {} as TestApp;
  let server: EmbeddedMongo | undefined;
  let workers: RunningWorkers | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    const fresh = await freshDatabase('app');
    server = fresh.server;
    ctx.mongoUri = fresh.uri;
    await connectMongo(ctx.mongoUri);
    const config = loadConfig({ ORG_TIMEZONE: 'Europe/Amsterdam' });
    ctx.org = orgSettings(config);
    ctx.redisUrl = redis.url;
    ctx.prefix = redis.prefix;
    const conn = producerConnection(redis.url);
    ctx.recompute = new RecomputeProducer(conn, redis.prefix, redis.url);
    const imports = new ImportProducer(conn, redis.prefix);
    closers.push(
      () => ctx.recompute.close(),
      () => imports.close(),
      () => conn.quit(),
    );
    const logger = createLogger('silent');
    if (opts.workers !== false) {
      workers = startWorkers({
        redisUrl: redis.url,
        prefix: redis.prefix,
        logger,
        handlers: { recompute: recomputeHandlers(ctx.org, ctx.recompute), import: importHandlers(ctx.org, 'nl', ctx.recompute) },
      });
    }
    const app = buildApp({
      logger,
      readiness: {},
      api: { org: ctx.org, recompute: ctx.recompute, imports, uploadLimitBytes: opts.uploadLimitBytes ?? 200 * 1024 * 1024 },
    });
    ctx.http = request(app);
    ctx.tokens = {
      admin: await createToken('test admin', 'admin'),
      finance: await createToken('test finance', 'finance'),
      procurement: await createToken('test procurement', 'procurement'),
    };
  });
  afterAll(async () => {
    await workers?.close();
    for (const c of closers) await c();
    await mongoose.connection.db?.dropDatabase().catch(() => {});
    await mongoose.disconnect();
    await server?.close();
  });
  return ctx;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls an import until it is no longer queued or running. */
export async function waitForImport(app: TestApp, id: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await app.http.get(`/api/v1/imports/${id}`).set(bearer(app.tokens.finance));
    if (!['queued', 'running'].includes(r.body.status)) return r.body;
    if (Date.now() > until) throw new Error(`import ${id} still ${r.body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
