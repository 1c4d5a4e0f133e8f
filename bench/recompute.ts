import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { loadConfig } from '../src/config/env.ts';
import { todayIn } from '../src/domain/dates.ts';
import type { Entity } from '../src/domain/entity.ts';
import { bumpDataVersion } from '../src/persistence/data-version/data-version.ts';
import { EntityModel } from '../src/persistence/entities/entity.model.ts';
import { saveEntities } from '../src/persistence/entities/entity.repository.ts';
import { producerConnection } from '../src/queues/connections.ts';
import { RecomputeProducer } from '../src/queues/recompute.producer.ts';
import { defaultEntity } from '../src/services/entities.ts';
import { orgSettings } from '../src/services/org-settings.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import type { RunResult } from '../workers/recompute.processor.ts';
import { peakRssMiB, timed } from './lib/measure.ts';
import { benchWorld, insertInBatches } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    suppliers: { type: 'string', default: '10000' },
    entities: { type: 'string', default: '5' },
  },
});
const N = Number(values.invoices);
const S = Number(values.suppliers);
const E = Number(values.entities);
// The group's entities: the default one (MAIN) and the others under Dutch, EU and UK law in turn.
const REGIMES = ['NL', 'EU', 'UK'] as const;
const group: Entity[] = Array.from({ length: E }, (_, i) => ({
  ...defaultEntity(orgSettings(loadConfig({}))),
  code: i === 0 ? 'MAIN' : `E${i}`,
  name: `Entity ${i}`,
  regime: REGIMES[i % 3],
  isLarge: i % 2 === 0,
  paymentTermsDays: 30 + 15 * (i % 3),
  financialYearStart: i % 2 ? '04-01' : '01-01',
}));
const asOf = todayIn('Europe/Amsterdam');

const world = await benchWorld(S);
const { db, uri, redisUrl, prefix, d } = world;
await insertInBatches(d, 'invoices', N, (k) => {
  const month = String(1 + (k % 12)).padStart(2, '0');
  const day = String(1 + (k % 28)).padStart(2, '0');
  return {
    supplierId: `S${k % S}`,
    invoiceNumber: `I${k}`,
    issueDate: `2025-${month}-${day}`,
    amount: 1_000 + ((k * 7919) % 5_000_000),
    currency: 'EUR',
    // Ignored until the group's entities are stored: the runs before that are of one entity. Each
    // supplier's invoices are spread over every entity.
    entity: group[Math.floor(k / S) % E].code,
    ...(k % 3 === 0 ? { paidDate: `2025-${month}-28` } : {}),
  };
});
console.log(`seeded ${N.toLocaleString('en')} invoices over ${S.toLocaleString('en')} suppliers; as of ${asOf}`);

const scan = await timed(async () => {
  let n = 0;
  for await (const _ of d.collection('invoices').find({}).batchSize(10_000)) n++;
  return n;
});

const conn = producerConnection(redisUrl);
const producer = new RecomputeProducer(conn, prefix, redisUrl);
const env = { MONGODB_URI: uri, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
const startWorker = async () => {
  const w = spawnTs('src/cli/main.ts', ['start', 'worker'], { ...env, LOG_LEVEL: 'info' });
  await waitForJsonLine(w, (v) => (v.msg === 'workers started' ? true : undefined));
  return w;
};
const waitWorkers = async (n: number) => {
  for (let i = 0; i < 200 && (await producer.queue.getWorkersCount()) < n; i++) await new Promise((r) => setTimeout(r, 50));
};
/** The overview's figures each run keeps afterwards (a job it queues), in ms. */
const figuresMs: number[] = [];
const full = async (runId: string) => {
  const run = await timed(async () => producer.waitFor<RunResult>(await producer.full(asOf, runId), 1_800_000));
  // Waited for outside the run's time, so that they do not land in the next run's.
  const figures = await producer.queue.getJob(`figures_${runId}`);
  if (figures) figuresMs.push((await timed(() => producer.waitFor(figures, 1_800_000))).ms);
  return run;
};

const w1 = await startWorker();
await waitWorkers(1);
const one = await full('one');
const w2 = await startWorker();
await waitWorkers(2);
const two = await full('two');

// Incremental: 1,000 invoices change (paid today), their suppliers are recomputed.
const changed = Array.from({ length: 1000 }, (_, i) => `I${(i * 997) % N}`);
await d.collection('invoices').updateMany({ invoiceNumber: { $in: changed } }, { $set: { paidDate: asOf } });
const touched = [
  ...new Set(
    (
      await d
        .collection('invoices')
        .find({ invoiceNumber: { $in: changed } }, { projection: { supplierId: 1 } })
        .toArray()
    ).map((x) => x.supplierId as string),
  ),
];
const incrId = `incr_${Date.now()}`;
const incremental = await timed(async () => {
  const jobs = await producer.suppliers(touched, asOf, incrId);
  await producer.waitForAll(jobs as Job[], 600_000);
});
// Its run and the figures that run keeps, outside its time and before the next run.
for (const id of [`run_${incrId}`, `figures_${incrId}`]) {
  const job = await producer.queue.getJob(id);
  if (job) await producer.waitFor(job, 1_800_000);
}

// The same invoices over the group's entities, each under its own law, in turns with one entity
// (one, group, one, group, one) so that neither side gets the warmer machine.
const oneRuns = [two.ms];
const groupRuns: number[] = [];
let withParts = 0;
for (let round = 0; round < 2; round++) {
  await saveEntities(group, 'bench');
  groupRuns.push((await full(`group-${round}`)).ms);
  // Proof the run was of the group: suppliers with each entity's part of their figures.
  withParts = await d.collection('snapshots').countDocuments({ asOf, 'health.byEntity': { $exists: true } });
  await EntityModel.deleteMany({});
  await bumpDataVersion();
  oneRuns.push((await full(`one-${round}`)).ms);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const oneEntityMs = mean(oneRuns);
const groupMs = mean(groupRuns);

const rss = { worker1: peakRssMiB(w1.pid!), worker2: peakRssMiB(w2.pid!), database: peakRssMiB(db.pid!), bench: peakRssMiB() };
for (const w of [w1, w2]) await killHard(w);
await producer.close();
conn.disconnect();
await world.stop();

const s = (ms: number) => (ms / 1000).toFixed(1);
console.table([
  { step: 'cursor scan of all invoices (baseline)', seconds: s(scan.ms), 'vs baseline': '1.00', detail: `${scan.value} documents` },
  {
    step: 'full recompute, 1 worker process',
    seconds: s(one.ms),
    'vs baseline': (one.ms / scan.ms).toFixed(2),
    detail: `${one.value.computed} suppliers, ${one.value.batches} batches`,
  },
  {
    step: 'full recompute, 2 worker processes',
    seconds: s(two.ms),
    'vs baseline': (two.ms / scan.ms).toFixed(2),
    detail: `${two.value.computed} suppliers`,
  },
  {
    step: 'incremental, 1,000 invoices changed',
    seconds: s(incremental.ms),
    'vs baseline': (incremental.ms / scan.ms).toFixed(2),
    detail: `${touched.length} suppliers`,
  },
  {
    step: `full recompute, ${E} entities, 2 worker processes`,
    seconds: s(groupMs),
    'vs baseline': (groupMs / scan.ms).toFixed(2),
    detail: `${(groupMs / oneEntityMs).toFixed(2)}x one entity; runs ${groupRuns.map(s).join(', ')} s against ${oneRuns.map(s).join(', ')} s; ${withParts} suppliers with parts`,
  },
]);
console.log(
  `the overview's figures each full run keeps afterwards (a job of its own, outside the run's time): ${(Math.min(...figuresMs) / 1000).toFixed(1)}–${(Math.max(...figuresMs) / 1000).toFixed(1)} s`,
);
console.log(`peak RSS (MiB): worker 1 ${rss.worker1}, worker 2 ${rss.worker2}, database ${rss.database}, bench process ${rss.bench}`);
console.log(
  `targets: full recompute <= 2x scan: ${Math.min(one.ms, two.ms) <= 2 * scan.ms ? 'MET' : 'MISSED'} (1 worker ${(one.ms / scan.ms).toFixed(2)}x, 2 workers ${(two.ms / scan.ms).toFixed(2)}x); incremental < 2 s: ${incremental.ms < 2000 ? 'MET' : 'MISSED'}; ${E} entities <= 1.2x one: ${groupMs <= 1.2 * oneEntityMs ? 'MET' : 'MISSED'} (${(groupMs / oneEntityMs).toFixed(2)}x)`,
);
