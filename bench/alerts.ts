/**
 * What alerts cost a full recompute: 10,000 suppliers (defaults) with invoices due around today, so
 * that every rule has something to find. In one run, on the embedded server and one worker process:
 * the full recompute with ALERTS_ENABLED=false (the baseline), with alerts on (the first run opens the
 * alerts; a second finds them open and keeps them), and the baseline again. "With alerts" is measured
 * until the recompute has finished and the alerts queue is empty. No SMTP server or webhook is set,
 * so no delivery is sent: what is measured is the conditions and the evaluation.
 *
 *   npx tsx bench/alerts.ts [--suppliers 10000] [--invoices 200000]
 * Needs Redis (REDIS_URL or 127.0.0.1:6379, else a private redis-server). Target: alerts add <= 10 %.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { AlertsProducer } from '../src/queues/alerts.producer.ts';
import { producerConnection, workerConnection } from '../src/queues/connections.ts';
import { RecomputeProducer } from '../src/queues/recompute.producer.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import type { RunResult } from '../workers/recompute.processor.ts';
import { timed } from './lib/measure.ts';
import { benchRedis, benchSuppliers, startBenchDb } from './lib/seed.ts';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '200000' }, suppliers: { type: 'string', default: '10000' } },
});
const N = Number(values.invoices);
const S = Number(values.suppliers);
const asOf = todayIn('Europe/Amsterdam');

const { child: db, uri } = await startBenchDb();
const redis = await benchRedis();
const redisUrl = redis.url;
const prefix = `tijdig-bench-${randomUUID().slice(0, 8)}`;

await connectMongo(uri);
await mongoose.connection.syncIndexes();
const client = await new MongoClient(uri).connect();
const d = client.db('bench');
await d.collection('suppliers').insertMany(benchSuppliers(S));
const STATUSES = ['received', 'approved', 'scheduled', 'disputed', 'received'];
for (let i = 0; i < N; i += 10_000) {
  await d.collection('invoices').insertMany(
    Array.from({ length: Math.min(10_000, N - i) }, (_, j) => {
      const k = i + j;
      // Due dates from 90 days ago to 10 days ahead; a third paid, some disputed for weeks.
      const due = addDays(asOf, (k % 101) - 90);
      const status = STATUSES[k % STATUSES.length];
      return {
        supplierId: `S${k % S}`,
        invoiceNumber: `I${k}`,
        issueDate: addDays(due, -30),
        dueDate: due,
        amount: 1_000 + ((k * 7919) % 5_000_000),
        currency: 'EUR',
        status,
        ...(status === 'disputed' ? { disputedSince: addDays(asOf, -((k % 40) + 1)) } : {}),
        ...(k % 3 === 0 ? { paidDate: addDays(due, k % 20) } : {}),
      };
    }),
    { ordered: false },
  );
}
console.log(`seeded ${N.toLocaleString('en')} invoices over ${S.toLocaleString('en')} suppliers; as of ${asOf}`);

const conn = producerConnection(redisUrl);
const producer = new RecomputeProducer(conn, prefix, redisUrl);
const alerts = new AlertsProducer(conn, prefix);
const env = { MONGODB_URI: uri, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', TIJDIG_DATA_DIR: '/tmp/tijdig-bench-alerts' };

async function drained() {
  for (;;) {
    // Not 'delayed': the digest's job scheduler always keeps its next run there.
    const c = await alerts.queue.getJobCounts('waiting', 'active', 'prioritized');
    if (Object.values(c).every((n) => n === 0)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function run(label: string, enabled: boolean) {
  const w = spawnTs('src/cli/main.ts', ['start', 'worker'], { ...env, ALERTS_ENABLED: String(enabled) });
  await waitForJsonLine(w, (v) => (v.msg === 'workers started' ? true : undefined));
  for (let i = 0; i < 200 && (await producer.queue.getWorkersCount()) < 1; i++) await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const t = await timed(async () => {
    const r = await producer.waitFor<RunResult>(await producer.full(asOf, `${label}_${Date.now()}`), 1_800_000);
    await drained();
    return r;
  });
  await killHard(w);
  const open = await d.collection('alerts').countDocuments({ state: { $ne: 'resolved' } });
  // Where the time went: the jobs' own processing time, summed per queue.
  const busy = async (q: Queue) => {
    const jobs = await q.getJobs(['completed']);
    const mine = jobs.filter((j) => (j.processedOn ?? 0) >= started);
    return { jobs: mine.length, ms: mine.reduce((sum, j) => sum + ((j.finishedOn ?? 0) - (j.processedOn ?? 0)), 0) };
  };
  const [rec, al] = [await busy(producer.queue), await busy(alerts.queue)];
  return { label, ms: t.ms, computed: t.value.computed, open, rec, al };
}

const results = [];
results.push(await run('alerts off', false));
results.push(await run('alerts on (first run: opens)', true));
results.push(await run('alerts on (second run: keeps)', true));
results.push(await run('alerts off (again)', false));

await producer.close();
await alerts.close();
const cleanerConnection = workerConnection(redisUrl);
for (const name of ['recompute', 'alerts', 'import']) {
  const q = new Queue(name, { connection: cleanerConnection, prefix });
  await q.obliterate({ force: true });
  await q.close();
}
cleanerConnection.disconnect();
conn.disconnect();
await client.close();
await mongoose.disconnect();
await killHard(db);
await redis.stop();

const base = (results[0].ms + results[3].ms) / 2;
console.table(
  results.map((r) => ({
    run: r.label,
    seconds: (r.ms / 1000).toFixed(1),
    'vs alerts off (mean of both)': (r.ms / base).toFixed(3),
    suppliers: r.computed,
    'live alerts after': r.open,
    'recompute jobs busy (s)': (r.rec.ms / 1000).toFixed(1),
    'alert jobs busy (s)': `${(r.al.ms / 1000).toFixed(1)} in ${r.al.jobs}`,
  })),
);
const worst = Math.max(results[1].ms, results[2].ms) / base;
console.log(`target: alerts add <= 10 %: ${worst <= 1.1 ? 'met' : 'MISSED'} (worst run +${((worst - 1) * 100).toFixed(1)} %)`);
