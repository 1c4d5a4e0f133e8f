/**
 * What a CLI command needs: configuration, MongoDB and Redis. Beside a running `tijdig start` it uses
 * that process's MongoDB and Redis; otherwise it opens the embedded ones itself for its duration.
 */
import mongoose from 'mongoose';
import { type Config, loadConfig } from '../config/env.ts';
import { createLogger, type Logger } from '../logger.ts';
import { connectMongo } from '../persistence/connection.ts';
import { AlertsProducer } from '../queues/alerts.producer.ts';
import { producerConnection } from '../queues/connections.ts';
import { RecomputeProducer } from '../queues/recompute.producer.ts';
import { type OrgSettings, orgSettings } from '../services/org-settings.ts';
import { readDescriptor } from './descriptor.ts';
import { ensureMongo, ensureRedis, type Service } from './services.ts';

export interface CliContext {
  config: Config;
  org: OrgSettings;
  logger: Logger;
  redisUrl: string;
  /** Lazily opened: commands that only read MongoDB never touch Redis. */
  recompute: () => Promise<RecomputeProducer>;
  /** The alerts queue, on the same connection as `recompute`. */
  alerts: () => Promise<AlertsProducer>;
  close: () => Promise<void>;
}

export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  // CLI output goes to stdout; logs go to stderr, and only warnings unless asked.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const running = config.MONGODB_URI ? null : readDescriptor(config.dataDir);
  const stops: Array<() => Promise<unknown>> = [];
  let mongo: Service;
  let redis: Service | null = null;
  if (running) {
    mongo = { url: running.mongoUrl, stop: async () => {} };
    redis = { url: running.redisUrl, stop: async () => {} };
  } else {
    mongo = await ensureMongo(config, logger);
    stops.push(mongo.stop);
  }
  await connectMongo(mongo.url);
  stops.push(() => mongoose.disconnect());
  let producer: RecomputeProducer | null = null;
  let alerts: AlertsProducer | null = null;
  const ctx: CliContext = {
    config,
    org: orgSettings(config),
    logger,
    get redisUrl() {
      if (!redis) throw new Error('Redis is not open yet');
      return redis.url;
    },
    recompute: async () => {
      if (producer) return producer;
      if (!redis) {
        redis = await ensureRedis(config, logger);
        stops.push(redis.stop);
      }
      const conn = producerConnection(redis.url);
      conn.on('error', () => {});
      producer = new RecomputeProducer(conn, config.QUEUE_PREFIX, redis.url);
      alerts = new AlertsProducer(conn, config.QUEUE_PREFIX);
      const [p, a] = [producer, alerts];
      stops.push(async () => {
        await p.close();
        await a.close();
        conn.disconnect();
      });
      return producer;
    },
    alerts: async () => {
      await ctx.recompute();
      return alerts as AlertsProducer;
    },
    close: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
  return ctx;
}
