/**
 * Starts tijdig's processes: `api` (HTTP), `worker` (all BullMQ workers) or `all` (both, the
 * zero-setup default), on the configured or embedded MongoDB and Redis.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import mongoose from 'mongoose';
import { alertHandlers } from '../../workers/alerts.processor.ts';
import { importHandlers } from '../../workers/import.processor.ts';
import { startWorkers } from '../../workers/index.ts';
import { recomputeHandlers } from '../../workers/recompute.processor.ts';
import { type Config, ConfigError, loadConfig } from '../config/env.ts';
import { buildApp } from '../http/app.ts';
import { createLogger, type Logger } from '../logger.ts';
import { connectMongo, pingMongo } from '../persistence/connection.ts';
import { AlertsProducer } from '../queues/alerts.producer.ts';
import { pingRedis, producerConnection, webConnection } from '../queues/connections.ts';
import { ImportProducer } from '../queues/import.producer.ts';
import { RecomputeProducer } from '../queues/recompute.producer.ts';
import { applyAuditRetention, flushAudit } from '../services/audit.ts';
import { firstAdminLink } from '../services/first-admin.ts';
import { failAbandonedImports } from '../services/imports.ts';
import { orgSettings } from '../services/org-settings.ts';
import { watchFolder } from '../services/watched-folder.ts';
import { alertDeps } from './alert-deps.ts';
import { removeDescriptor, writeDescriptor } from './descriptor.ts';
import { paymentDeps } from './payment-deps.ts';
import { secretKey } from './secret-key.ts';
import { ensureMongo, ensureRedis } from './services.ts';
import { webDeps } from './web-deps.ts';

export type Role = 'api' | 'worker' | 'all';

/** How long an import may stay queued without a job before it counts as abandoned. */
const ABANDONED_MS = 60_000;

export interface Running {
  config: Config;
  logger: Logger;
  /** The HTTP port when the API runs. */
  port?: number;
  mongoUrl: string;
  redisUrl: string;
  shutdown: () => Promise<void>;
}

export async function run(role: Role, env: NodeJS.ProcessEnv = process.env): Promise<Running> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const stops: Array<() => Promise<unknown>> = [];
  const shutdown = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        logger.error({ err }, 'error during shutdown');
      }
    }
  };
  try {
    const mongo = await ensureMongo(config, logger);
    stops.push(mongo.stop);
    const redis = await ensureRedis(config, logger);
    stops.push(redis.stop);
    await connectMongo(mongo.url);
    stops.push(() => mongoose.disconnect());
    // Changes recorded in the last moment are written before the database connection goes.
    stops.push(() => flushAudit());
    writeDescriptor(config.dataDir, { pid: process.pid, mongoUrl: mongo.url, redisUrl: redis.url });
    stops.push(async () => removeDescriptor(config.dataDir));

    const org = orgSettings(config);
    const producer = producerConnection(redis.url);
    producer.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
    stops.push(() => producer.quit());
    const recompute = new RecomputeProducer(producer, config.QUEUE_PREFIX, redis.url);
    stops.push(() => recompute.close());
    const imports = new ImportProducer(producer, config.QUEUE_PREFIX);
    stops.push(() => imports.close());
    const alertsQueue = new AlertsProducer(producer, config.QUEUE_PREFIX);
    stops.push(() => alertsQueue.close());
    const secret = secretKey(config);
    const alerts = alertDeps(config, org, secret, alertsQueue);
    stops.push(async () => alerts.mailer?.close());
    const queues = [recompute.queue, imports.queue, alertsQueue.queue];

    let port: number | undefined;
    if (role === 'worker' || role === 'all') {
      await recompute.scheduleDaily(org.timezone);
      await alertsQueue.scheduleDigest(config.ALERT_DIGEST_TIME, org.timezone);
      const workers = startWorkers({
        redisUrl: redis.url,
        prefix: config.QUEUE_PREFIX,
        logger,
        handlers: {
          recompute: recomputeHandlers(org, recompute, config.ALERTS_ENABLED ? { queue: alertsQueue, today: alerts.today } : undefined),
          import: importHandlers(org, config.ORG_LOCALE, recompute),
          alerts: alertHandlers(alerts),
        },
        lockMs: config.WORKER_LOCK_MS,
      });
      stops.push(workers.close);
      // An import left queued without a job (its API process stopped before queueing it) is marked failed.
      const sweep = setInterval(() => {
        if (!imports.up()) return;
        failAbandonedImports(ABANDONED_MS, (id) => imports.hasJob(id))
          .then((n) => n && logger.warn({ imports: n }, 'imports stored but never queued marked failed'))
          .catch((err) => logger.warn({ err: (err as Error).message }, 'could not check for abandoned imports'));
      }, ABANDONED_MS);
      sweep.unref();
      stops.push(async () => clearInterval(sweep));
      // Audit records past their retention go, once a day (the first look a minute after start).
      const prune = () =>
        applyAuditRetention(config.AUDIT_RETENTION_DAYS)
          .then((n) => n && logger.info({ records: n }, 'audit records past their retention removed'))
          .catch((err) => logger.warn({ err: (err as Error).message }, 'could not apply the audit retention'));
      const firstPrune = setTimeout(prune, 60_000);
      const pruning = setInterval(prune, 86_400_000);
      firstPrune.unref();
      pruning.unref();
      stops.push(async () => {
        clearTimeout(firstPrune);
        clearInterval(pruning);
      });
      if (config.IMPORT_WATCH_DIR) {
        const folder = await watchFolder({
          dir: path.resolve(config.IMPORT_WATCH_DIR),
          intervalMs: config.IMPORT_WATCH_SECONDS * 1000,
          limitBytes: config.UPLOAD_LIMIT_MB * 1024 * 1024,
          enqueue: async (id) => void (await imports.enqueue(id)),
          logger,
        });
        stops.push(folder.stop);
      }
    }
    if (role === 'api' || role === 'all') {
      const limitsRedis = webConnection(redis.url);
      limitsRedis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error (rate limits)'));
      stops.push(() => limitsRedis.quit());
      const uploadLimitBytes = config.UPLOAD_LIMIT_MB * 1024 * 1024;
      const payments = paymentDeps(config, org, {
        alerts,
        recomputeSuppliers: async (ids) => {
          const asOf = alerts.today();
          await recompute.suppliers(ids, asOf, `runs_${asOf}_${Date.now()}`);
        },
      });
      const web = webDeps(config, org, {
        secret,
        redis: limitsRedis,
        imports: { enqueue: async (id) => void (await imports.enqueue(id)), uploadLimitBytes, up: () => imports.up() },
        queues,
        alerts: { deps: alerts, notifyMessage: (id) => alertsQueue.message(id) },
        startRecompute: async (asOf) => void (await recompute.full(asOf, `web_${asOf}_${Date.now()}`)),
        recomputeSuppliers: async (ids, asOf) => void (await recompute.suppliers(ids, asOf, `web_${asOf}_${Date.now()}`)),
        sampleAlerts: alertsQueue,
        payments,
      });
      stops.push(web.close);
      if (!config.AUDIT_ENABLED) logger.warn('AUDIT_ENABLED=false: requests are not recorded in the audit trail');
      const app = buildApp({
        logger,
        audit: config.AUDIT_ENABLED,
        readiness: { mongodb: pingMongo, redis: () => pingRedis(producer) },
        api: { org, recompute, imports, uploadLimitBytes, ...web.links, alerts, payments },
        pages: web.pages,
        webApp: web.webApp,
        metrics: {
          queues,
          metricsToken: config.METRICS_TOKEN,
          embeddedDbDir: config.MONGODB_URI ? undefined : path.join(config.dataDir, 'db'),
        },
        limits: web.limits,
      });
      const server = await new Promise<Server>((resolve, reject) => {
        // Express 5 calls back with the error too (a port in use): it is said as such, not as a missing address.
        const s = app.listen(config.PORT, config.HOST, (err?: Error) =>
          err
            ? reject(
                (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
                  ? new ConfigError(`${config.HOST}:${config.PORT} is in use by another program: set PORT (or HOST) to a free one`)
                  : err,
              )
            : resolve(s),
        );
      });
      port = (server.address() as { port: number }).port;
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      logger.info({ url: `http://${config.HOST}:${port}` }, 'tijdig API listening');
      const setup = await firstAdminLink();
      // Without PUBLIC_URL, the port it really listens on (PORT=0 picks any free one).
      if (setup) announceFirstAdmin(`${config.PUBLIC_URL ?? `http://${config.HOST}:${port}`}${setup}`);
    }
    return { config, logger, port, mongoUrl: mongo.url, redisUrl: redis.url, shutdown };
  } catch (err) {
    await shutdown();
    throw err;
  }
}

/**
 * The first admin's link, for the person who started tijdig: on the terminal (or `docker logs`),
 * not in the JSON log, which may be shipped elsewhere.
 */
function announceFirstAdmin(url: string): void {
  const rule = '─'.repeat(72);
  process.stderr.write(
    `\n${rule}\ntijdig has no users yet. Set up the first administrator here (the link works once, for 72 hours):\n\n  ${url}\n\n${rule}\n\n`,
  );
}

/**
 * Runs until SIGINT/SIGTERM, then shuts down within the configured deadline. The handlers are in place
 * before start-up ends: a signal while it is still starting (the API already listening, the first
 * admin's link not yet printed) waits for it to finish starting, then shuts down cleanly.
 */
export async function runUntilSignalled(role: Role): Promise<void> {
  let stopping = false;
  const started = run(role);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      void started.then(
        (running) => {
          running.logger.info({ signal: sig }, 'shutting down');
          const deadline = setTimeout(() => {
            running.logger.error({ timeoutMs: running.config.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed; exiting');
            process.exit(1);
          }, running.config.SHUTDOWN_TIMEOUT_MS);
          deadline.unref();
          void running.shutdown().then(() => process.exit(0));
        },
        // Start-up failed and has cleaned up after itself; its error is reported where it is awaited.
        () => process.exit(1),
      );
    });
  }
  const running = await started;
  process.on('unhandledRejection', (err) => running.logger.error({ err }, 'unhandled rejection'));
}
