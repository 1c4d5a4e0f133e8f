import { parseArgs } from 'node:util';
import type { Queue } from 'bullmq';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { AlertsProducer } from '../src/queues/alerts.producer.ts';
import { producerConnection } from '../src/queues/connections.ts';
import { RECOMPUTE_JOBS } from '../src/queues/definitions.ts';
import { RecomputeProducer } from '../src/queues/recompute.producer.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import type { RunResult } from '../workers/recompute.processor.ts';
import { timed } from './lib/measure.ts';
import { benchInvoice, benchWorld, insertInBatches } from './lib/seed.ts';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '200000' }, suppliers: { type: 'string', default: '10000' } },
});
const N = Number(values.invoices);
const S = Number(values.suppliers);
const asOf = todayIn('Europe/Amsterdam');

const world = await benchWorld(S);
const { uri, redisUrl, prefix, d } = world;
const STATUSES = ['received', 'approved', 'scheduled', 'disputed', 'received'];
await insertInBatches(d, 'invoices', N, (k) => {
  // Due dates from 90 days ago to 10 days ahead; a third paid, some disputed for weeks.
  const due = addDays(asOf, (k % 101) - 90);
  const status = STATUSES[k % STATUSES.length];
  return {
    ...benchInvoice(k, S, due),
    status,
    ...(status === 'disputed' ? { disputedSince: addDays(asOf, -((k % 40) + 1)) } : {}),
  };
});
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
    const runId = `${label}_${Date.now()}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    const r = await producer.waitFor<RunResult>(await producer.full(asOf, runId), 1_800_000);
    await drained();
    return { r, runId };
  });
  // The overview's figures the run queued: done before the worker stops, or the next run would do them.
  const figures = await producer.queue.getJob(`figures_${t.value.runId}`);
  if (figures) await producer.waitFor(figures, 1_800_000);
  await killHard(w);
  const open = await d.collection('alerts').countDocuments({ state: { $ne: 'resolved' } });
  // Noise: live alerts per supplier that has any, and per harmed supplier (harm level above low today).
  const alerted = (await d.collection('alerts').distinct('supplierId', { state: { $ne: 'resolved' } })).length;
  const harmed = await d.collection('snapshots').countDocuments({ asOf, harmScore: { $gte: 25 } });
  // Where the time went: the jobs' own processing time, summed per queue.
  const busy = async (q: Queue) => {
    const jobs = await q.getJobs(['completed']);
    // Not the overview's figures a run keeps afterwards: they come after the time measured.
    const mine = jobs.filter((j) => (j.processedOn ?? 0) >= started && j.name !== RECOMPUTE_JOBS.figures);
    return { jobs: mine.length, ms: mine.reduce((sum, j) => sum + ((j.finishedOn ?? 0) - (j.processedOn ?? 0)), 0) };
  };
  const [rec, al] = [await busy(producer.queue), await busy(alerts.queue)];
  return { label, ms: t.ms, computed: t.value.r.computed, open, alerted, harmed, rec, al };
}

const results = [];
results.push(await run('alerts off', false));
results.push(await run('alerts on (first run: opens)', true));
results.push(await run('alerts on (second run: keeps)', true));
results.push(await run('alerts off (again)', false));

await producer.close();
await alerts.close();
conn.disconnect();
await world.stop();

const base = (results[0].ms + results[3].ms) / 2;
console.table(
  results.map((r) => ({
    run: r.label,
    seconds: (r.ms / 1000).toFixed(1),
    'vs alerts off (mean of both)': (r.ms / base).toFixed(3),
    suppliers: r.computed,
    'live alerts after': r.open,
    'per supplier alerted': r.alerted ? (r.open / r.alerted).toFixed(2) : '—',
    'per harmed supplier': r.harmed ? (r.open / r.harmed).toFixed(2) : '—',
    'recompute jobs busy (s)': (r.rec.ms / 1000).toFixed(1),
    'alert jobs busy (s)': `${(r.al.ms / 1000).toFixed(1)} in ${r.al.jobs}`,
  })),
);
const worst = Math.max(results[1].ms, results[2].ms) / base;
console.log(`target: alerts add <= 10 %: ${worst <= 1.1 ? 'MET' : 'MISSED'} (worst run +${((worst - 1) * 100).toFixed(1)} %)`);
const noisy = results[2];
const perHarmed = noisy.harmed ? noisy.open / noisy.harmed : 0;
console.log(
  `target: open alerts per harmed supplier <= 2: ${perHarmed <= 2 ? 'MET' : 'MISSED'} (${perHarmed.toFixed(2)}: ${noisy.open} live alerts, ${noisy.harmed} suppliers at harm level medium or above, ${noisy.alerted} with an alert)`,
);
