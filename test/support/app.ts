/**
 * The whole service in-process for a test file: the embedded MongoDB (or MONGODB_URI), Redis with this
 * file's own prefix, the express app, real BullMQ workers, and one token per role.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import type { EmbeddedMongo } from '../../embedded-db/index.ts';
import { loadConfig } from '../../src/config/env.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { connectMongo } from '../../src/persistence/connection.ts';
import { createToken } from '../../src/persistence/tokens/token.repository.ts';
import { AlertsProducer } from '../../src/queues/alerts.producer.ts';
import { producerConnection, webConnection } from '../../src/queues/connections.ts';
import { ImportProducer } from '../../src/queues/import.producer.ts';
import { RecomputeProducer } from '../../src/queues/recompute.producer.ts';
import { alertDeps } from '../../src/runtime/alert-deps.ts';
import { paymentDeps } from '../../src/runtime/payment-deps.ts';
import { webDeps } from '../../src/runtime/web-deps.ts';
import type { AlertDeps } from '../../src/services/alerts/alert-deps.ts';
import { type OrgSettings, orgSettings } from '../../src/services/org-settings.ts';
import type { PaymentDeps } from '../../src/services/payment-runs/deps.ts';
import { alertHandlers } from '../../workers/alerts.processor.ts';
import { importHandlers } from '../../workers/import.processor.ts';
import { type RunningWorkers, startWorkers } from '../../workers/index.ts';
import { recomputeHandlers } from '../../workers/recompute.processor.ts';
import { type ContractLog, contractChecked } from './contract.ts';
import { freshDatabase } from './mongo.ts';
import { useRedis } from './redis.ts';

export interface TestApp {
  http: ReturnType<typeof request>;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** Writes the status-link openings counted so far (they are written each second). */
  flushOpens: () => Promise<void>;
  /** Where the app listens on loopback (browser tests). */
  baseUrl: string;
  /** A second app on the same database and Redis, as a second API process would be. */
  another: () => ReturnType<typeof request>;
  tokens: { admin: string; finance: string; procurement: string };
  /** API answers checked against docs/openapi.yaml, and what they broke (the file fails when anything). */
  contract: ContractLog;
  org: OrgSettings;
  recompute: RecomputeProducer;
  /** Queues an import's job, as the API does after storing its upload. */
  enqueueImport: (importId: string) => Promise<void>;
  alertsQueue: AlertsProducer;
  alerts: AlertDeps;
  payments: PaymentDeps;
  mongoUri: string;
  redisUrl: string;
  prefix: string;
}

export interface TestAppOptions {
  workers?: boolean;
  uploadLimitBytes?: number;
  /** Configuration on top of the defaults (e.g. PUBLIC_PAYMENT_PRACTICES); a function is read when the app starts. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** "Today" for the web pages. */
  today?: string;
  /** Also listen on a loopback port (for a real browser). */
  listen?: boolean;
  /** The port to listen on (default: any free one); read when the app starts. */
  port?: () => number;
  /** Only for a test of the contract check itself. */
  skipContract?: boolean;
}

export function useApp(opts: TestAppOptions = {}): TestApp {
  const redis = useRedis();
  const ctx = {} as TestApp;
  let server: EmbeddedMongo | undefined;
  let workers: RunningWorkers | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  const contract: ContractLog = { checked: 0, problems: [] };
  ctx.contract = contract;
  beforeAll(async () => {
    const fresh = await freshDatabase('app');
    server = fresh.server;
    ctx.mongoUri = fresh.uri;
    await connectMongo(ctx.mongoUri);
    const env = typeof opts.env === 'function' ? opts.env() : opts.env;
    const config = loadConfig({ ORG_TIMEZONE: 'Europe/Amsterdam', QUEUE_PREFIX: redis.prefix, ...env });
    ctx.org = orgSettings(config);
    ctx.redisUrl = redis.url;
    ctx.prefix = redis.prefix;
    const conn = producerConnection(redis.url);
    ctx.recompute = new RecomputeProducer(conn, redis.prefix, redis.url);
    const imports = new ImportProducer(conn, redis.prefix);
    ctx.enqueueImport = async (id) => void (await imports.enqueue(id));
    ctx.alertsQueue = new AlertsProducer(conn, redis.prefix);
    const secret = 'test-secret-test-secret-test-secret-0123';
    ctx.alerts = alertDeps(config, ctx.org, secret, ctx.alertsQueue, opts.today ? () => opts.today as string : undefined);
    closers.push(
      async () => ctx.alerts.mailer?.close(),
      () => ctx.recompute.close(),
      () => imports.close(),
      () => ctx.alertsQueue.close(),
      () => conn.quit(),
    );
    ctx.logs = [];
    const logger = createLogger('info', { write: (line: string) => void ctx.logs.push(line) });
    const limitsRedis = webConnection(redis.url);
    closers.push(() => limitsRedis.quit());
    ctx.payments = paymentDeps(config, ctx.org, {
      alerts: ctx.alerts,
      recomputeSuppliers: async (ids) => {
        const asOf = ctx.alerts.today();
        await ctx.recompute.suppliers(ids, asOf, `runs_${asOf}_${Date.now()}`);
      },
      today: ctx.alerts.today,
    });
    const web = webDeps(config, ctx.org, {
      secret,
      redis: limitsRedis,
      today: opts.today ? () => opts.today as string : undefined,
      imports: {
        enqueue: async (id) => void (await imports.enqueue(id)),
        uploadLimitBytes: opts.uploadLimitBytes ?? 200 * 1024 * 1024,
        up: () => imports.up(),
      },
      queues: [ctx.recompute.queue, imports.queue, ctx.alertsQueue.queue],
      alerts: { deps: ctx.alerts, notifyMessage: (id) => ctx.alertsQueue.message(id) },
      startRecompute: async (asOf) => void (await ctx.recompute.full(asOf, `web_${asOf}_${Date.now()}`)),
      recomputeSuppliers: async (ids, asOf) => void (await ctx.recompute.suppliers(ids, asOf, `web_${asOf}_${Date.now()}`)),
      sampleAlerts: ctx.alertsQueue,
      payments: ctx.payments,
    });
    closers.unshift(web.close);
    ctx.flushOpens = web.flushOpens;
    if (opts.workers !== false) {
      workers = startWorkers({
        redisUrl: redis.url,
        prefix: redis.prefix,
        logger,
        handlers: {
          recompute: recomputeHandlers(ctx.org, ctx.recompute, { queue: ctx.alertsQueue, today: ctx.alerts.today }),
          import: importHandlers(ctx.org, 'nl', ctx.recompute),
          alerts: alertHandlers(ctx.alerts),
        },
      });
    }
    const build = () =>
      buildApp({
        logger,
        readiness: {},
        api: {
          org: ctx.org,
          recompute: ctx.recompute,
          imports,
          uploadLimitBytes: opts.uploadLimitBytes ?? 200 * 1024 * 1024,
          ...web.links,
          alerts: ctx.alerts,
          payments: ctx.payments,
        },
        pages: web.pages,
        webApp: web.webApp,
        metrics: { queues: [ctx.recompute.queue, imports.queue, ctx.alertsQueue.queue], metricsToken: 'metrics-token-for-tests-0123' },
        limits: web.limits,
      });
    const app = build();
    ctx.http = contractChecked(request(app), contract);
    if (opts.listen) {
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(opts.port?.() ?? 0, '127.0.0.1', () => resolve(s));
      });
      closers.unshift(() => new Promise((resolve) => server.close(resolve)));
      ctx.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    ctx.another = () => contractChecked(request(build()), contract);
    ctx.tokens = {
      admin: await createToken('test admin', 'admin'),
      finance: await createToken('test finance', 'finance'),
      procurement: await createToken('test procurement', 'procurement'),
    };
  });
  afterAll(async () => {
    // Every API response this file received, checked against docs/openapi.yaml.
    if (contract.problems.length && !opts.skipContract)
      throw new Error(`responses not as docs/openapi.yaml describes:\n${[...new Set(contract.problems)].join('\n')}`);
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

/** Uploads a file's text through the API (as finance) and waits until its import has completed. */
export async function uploadText(app: TestApp, kind: 'invoices' | 'suppliers', text: string, name: string): Promise<void> {
  const r = await app.http
    .post('/api/v1/imports')
    .set(bearer(app.tokens.finance))
    .field('kind', kind)
    .attach('file', Buffer.from(text), name)
    .expect(202);
  const done = await waitForImport(app, r.body.id);
  if (done.status !== 'completed')
    throw new Error(`import of ${name} ended ${String(done.status)}: ${JSON.stringify(done.error ?? done.firstErrors)}`);
}

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

/**
 * Waits for a recompute run by polling its state (not through the events stream), and says where it
 * stands when it takes too long.
 */
export async function waitForRun(app: TestApp, jobId: string, timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await app.recompute.queue.getJobState(jobId);
    if (state === 'completed') return;
    if (state === 'failed') throw new Error(`recompute run ${jobId} failed`);
    if (Date.now() > until) {
      const counts = await app.recompute.queue.getJobCounts();
      throw new Error(`recompute run ${jobId} still ${state} after ${timeoutMs} ms; queue: ${JSON.stringify(counts)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Until the alerts queue has nothing waiting, running or delayed (twice in a row, to let follow-ups be added). */
export async function alertsSettled(app: TestApp, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    const c = await app.alertsQueue.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    quiet = Object.values(c).every((n) => n === 0) ? quiet + 1 : 0;
    if (Date.now() > until) throw new Error(`alerts queue still busy: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
