/** What the worker benchmarks share: a database process, Redis, and suppliers of every size. */
import { redisAnswers, spawnRedis } from '../../src/runtime/redis-server.ts';
import { spawnTs, waitForJsonLine } from '../../test/support/spawn.ts';

/** The embedded database in its own process (as a deployment with MongoDB would have it). */
export async function startBenchDb() {
  const child = spawnTs('embedded-db/main.ts', ['--port', '0']);
  const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined));
  return { child, uri: `mongodb://127.0.0.1:${port}/bench` };
}

/** REDIS_URL, or 127.0.0.1:6379 when it answers, or a private redis-server. */
export async function benchRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, stop: async () => {} };
  const spawned = await spawnRedis();
  return { url: spawned.url, stop: spawned.stop };
}

/** `S` suppliers S0… of every size (shared with the tests). */
export { sizedSuppliers as benchSuppliers } from '../../test/support/suppliers.ts';
