/** What the worker benchmarks share: a database process, Redis, and suppliers of every size. */
import { randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { addDays } from '../../src/domain/dates.ts';
import { connectMongo } from '../../src/persistence/connection.ts';
import { redisAnswers, spawnRedis } from '../../src/runtime/redis-server.ts';
import { removePrefix } from '../../test/support/redis-keys.ts';
import { killHard, spawnTs, waitForJsonLine } from '../../test/support/spawn.ts';
import { sizedSuppliers } from '../../test/support/suppliers.ts';

/** The embedded database in its own process (as a deployment with MongoDB would have it). */
export async function startBenchDb() {
  const child = spawnTs('embedded-db/main.ts', ['--port', '0'], {}, { hostsDatabase: true });
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
export const benchSuppliers = sizedSuppliers;

/** Inserts `n` documents made by `make(k)`, 10,000 to a round trip. */
export async function insertInBatches(db: Db, collection: string, n: number, make: (k: number) => Record<string, unknown>): Promise<void> {
  for (let i = 0; i < n; i += 10_000)
    await db.collection(collection).insertMany(
      Array.from({ length: Math.min(10_000, n - i) }, (_, j) => make(i + j)),
      { ordered: false },
    );
}

/**
 * The worker benchmarks' world: the database process (mongoose connected, indexes made), Redis, a
 * queue prefix of their own, and `suppliers` suppliers of every size already stored; `stop` undoes it.
 */
export async function benchWorld(suppliers: number) {
  const { child: db, uri } = await startBenchDb();
  const redis = await benchRedis();
  const prefix = `tijdig-bench-${randomUUID().slice(0, 8)}`;
  await connectMongo(uri);
  await mongoose.connection.syncIndexes();
  const client = await new MongoClient(uri).connect();
  const d = client.db('bench');
  await d.collection('suppliers').insertMany(benchSuppliers(suppliers));
  /** Removes every key under the prefix (whatever queues the run used), then closes everything `benchWorld` opened. */
  const stop = async () => {
    await removePrefix(redis.url, prefix);
    await client.close();
    await mongoose.disconnect();
    await killHard(db);
    await redis.stop();
  };
  return { db, uri, redisUrl: redis.url, prefix, d, stop };
}

/** Invoice `k` of a benchmark: one of `suppliers` suppliers, due on `due`, issued 30 days before, every third paid. */
export function benchInvoice(k: number, suppliers: number, due: string): Record<string, unknown> {
  return {
    supplierId: `S${k % suppliers}`,
    invoiceNumber: `I${k}`,
    issueDate: addDays(due, -30),
    dueDate: due,
    amount: 1_000 + ((k * 7919) % 5_000_000),
    currency: 'EUR',
    ...(k % 3 === 0 ? { paidDate: addDays(due, k % 20) } : {}),
  };
}
