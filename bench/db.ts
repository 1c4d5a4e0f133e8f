/**
 * Embedded server throughput through the official driver, the server in its own process as in
 * production use of `tijdig db`. Runs each workload twice: journaled to a data directory (what
 * `npm start` uses) and in memory (the baseline, showing what durability costs).
 *
 *   npx tsx bench/db.ts [--n 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type AnyBulkWriteOperation, MongoClient } from 'mongodb';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { peakRssMiB, perSecond, timed } from './lib/measure.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' } } });
const N = Number(values.n);
const LOOKUPS = Math.min(10_000, N);
const BATCH = 1000;

async function run(mode: 'journaled' | 'memory') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-'));
  const child = spawnTs(
    'embedded-db/main.ts',
    ['--port', '0', ...(mode === 'journaled' ? ['--data', dir] : [])],
    {},
    { hostsDatabase: true },
  );
  const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined));
  const client = await new MongoClient(`mongodb://127.0.0.1:${port}/bench`).connect();
  const db = client.db('bench');
  const day0 = Date.UTC(2024, 0, 1);
  const docAt = (i: number) => ({
    org: `S${i % 10_000}`,
    no: `F-${i}`,
    amount: (i * 37) % 100_000,
    issued: new Date(day0 + ((i * 7919) % 730) * 86_400_000),
    status: 'received',
  });

  const inserts = await timed(async () => {
    for (let i = 0; i < N; i += BATCH)
      await db.collection('ins').insertMany(
        Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => docAt(i + j)),
        { ordered: false },
      );
  });

  await db.collection('ups').createIndex({ org: 1, no: 1 }, { unique: true });
  const upserts = await timed(async () => {
    for (let i = 0; i < N; i += BATCH) {
      const ops: AnyBulkWriteOperation[] = [];
      for (let j = i; j < Math.min(i + BATCH, N); j++) {
        const d = docAt(j);
        ops.push({ updateOne: { filter: { org: d.org, no: d.no }, update: { $set: d }, upsert: true } });
      }
      await db.collection('ups').bulkWrite(ops, { ordered: false });
    }
  });
  // A second pass updates what the first inserted: the re-import case.
  const reupserts = await timed(async () => {
    for (let i = 0; i < N; i += BATCH) {
      const ops: AnyBulkWriteOperation[] = [];
      for (let j = i; j < Math.min(i + BATCH, N); j++) {
        const d = docAt(j);
        ops.push({ updateOne: { filter: { org: d.org, no: d.no }, update: { $set: { ...d, status: 'paid' } }, upsert: true } });
      }
      await db.collection('ups').bulkWrite(ops, { ordered: false });
    }
  });

  const finds = await timed(async () => {
    for (let k = 0; k < LOOKUPS; k++) {
      const i = (k * 7919) % N;
      const found = await db.collection('ups').findOne({ org: `S${i % 10_000}`, no: `F-${i}` });
      if (!found) throw new Error(`missing F-${i}`);
    }
  });

  const sorted = await timed(async () => db.collection('ins').find({}).sort({ issued: 1 }).toArray());
  if (sorted.value.length !== N) throw new Error('sort lost documents');
  for (let i = 1; i < sorted.value.length; i++) if (sorted.value[i - 1].issued > sorted.value[i].issued) throw new Error('not sorted');

  const rss = peakRssMiB(child.pid!);
  await client.close();
  await killHard(child);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    mode,
    'inserts/s': perSecond(N, inserts.ms),
    'upserts/s (new)': perSecond(N, upserts.ms),
    'upserts/s (existing)': perSecond(N, reupserts.ms),
    'indexed finds/s': perSecond(LOOKUPS, finds.ms),
    [`sort ${N} by date (ms)`]: Math.round(sorted.ms),
    'server peak RSS (MiB)': rss,
  };
}

const journaled = await run('journaled');
const memory = await run('memory');
console.log(
  `embedded server, ${N} documents, driver ${(await import('mongodb/package.json', { with: { type: 'json' } })).default.version}, ${os.cpus().length} cores`,
);
console.table([journaled, memory]);
console.log(
  `journaled/memory ratio: inserts ${(journaled['inserts/s'] / memory['inserts/s']).toFixed(2)}, upserts ${(journaled['upserts/s (new)'] / memory['upserts/s (new)']).toFixed(2)}`,
);
console.log(
  `targets: inserts >= 50000/s: ${journaled['inserts/s'] >= 50_000 ? 'MET' : 'MISSED'}; indexed upserts >= 20000/s: ${journaled['upserts/s (new)'] >= 20_000 ? 'MET' : 'MISSED'}`,
);
