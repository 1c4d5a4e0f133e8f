/**
 * MongoDB and Redis for this process: the configured ones, or the zero-setup defaults (embedded
 * MongoDB-compatible server in-process; Redis on 127.0.0.1:6379 or a private redis-server).
 */
import path from 'node:path';
import type { Config } from '../config/env.ts';
import type { Logger } from '../logger.ts';
import { hasRedisServer, redisAnswers, spawnRedis } from './redis-server.ts';

export interface Service {
  url: string;
  stop: () => Promise<void>;
}

export class MissingDependencyError extends Error {}

export async function ensureMongo(config: Config, log: Logger): Promise<Service> {
  if (config.MONGODB_URI) return { url: config.MONGODB_URI, stop: async () => {} };
  const dataDir = path.join(config.dataDir, 'db');
  // Loaded only here: a process on a configured MongoDB (the Docker image) starts without it.
  const { startEmbeddedMongo } = await import('../../embedded-db/index.ts');
  const server = await startEmbeddedMongo({
    port: config.EMBEDDED_DB_PORT,
    dataDir,
    onError: (err) => log.error({ err }, 'embedded MongoDB internal error'),
  });
  log.info({ port: server.port, dataDir }, 'embedded MongoDB-compatible server started');
  return { url: server.uri('tijdig'), stop: server.close };
}

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

export async function ensureRedis(config: Config, log: Logger): Promise<Service> {
  if (config.REDIS_URL) return { url: config.REDIS_URL, stop: async () => {} };
  if (await redisAnswers(DEFAULT_REDIS)) {
    log.info({ url: DEFAULT_REDIS }, 'using the Redis that answers on the default port');
    return { url: DEFAULT_REDIS, stop: async () => {} };
  }
  if (!hasRedisServer()) {
    throw new MissingDependencyError(
      'tijdig needs Redis 7 for its job queues, and none answers on 127.0.0.1:6379.\n' +
        'Install it (Debian/Ubuntu: sudo apt-get install -y redis-server) so tijdig can start its own, or set REDIS_URL=redis://host:port.',
    );
  }
  const spawned = await spawnRedis(path.join(config.dataDir, 'redis'));
  log.info({ url: spawned.url }, 'started a private redis-server');
  return { url: spawned.url, stop: spawned.stop };
}
