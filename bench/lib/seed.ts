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

/** `S` suppliers S0…: sizes from micro to large, revenue known, terms from 14 to 90 days. */
export const benchSuppliers = (S: number) =>
  Array.from({ length: S }, (_, s) => ({
    supplierId: `S${s}`,
    name: `Supplier ${s}`,
    country: s % 2 ? 'NL' : 'DE',
    employees: s % 300,
    annualRevenue: ((s % 50) + 1) * 100_000_00,
    revenueCurrency: 'EUR',
    paymentTermsDays: [14, 30, 45, 90][s % 4],
  }));
