/**
 * A backup of the embedded database while it takes writes: the server in its own process with a data
 * directory of `--docs` invoices; two clients write (paced, `--rate` writes/s in all) first for 5 s
 * with no backup (the baseline), then while `tijdig backup`'s two steps run: the server's consistent
 * copy (its `tijdigBackup` command) and packing it into the backup file. Prints how long the backup
 * took and the longest write wait in each phase.
 *
 *   npx tsx bench/backup.ts [--docs 1000000] [--rate 1000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { writeBackupFile } from '../src/runtime/backup-file.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { timed } from './lib/measure.ts';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000000' }, rate: { type: 'string', default: '1000' } } });
const DOCS = Number(values.docs);
const PACE_MS = (2 * 1000) / Number(values.rate);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-backup-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-backup-out-'));

const invoice = (i: number) => ({
  supplierId: `S${i % 10_000}`,
  invoiceNumber: `F-${i}`,
  issueDate: '2026-10-01',
  dueDate: '2026-11-01',
  amount: ((i * 7919) % 2_000_000) + 100,
  currency: 'EUR',
  status: i % 5 === 0 ? 'paid' : 'approved',
  importId: 'imp_0123456789abcdef',
  updatedAt: new Date(1_700_000_000_000 + i),
});

const child = spawnTs('embedded-db/main.ts', ['--port', '0', '--data', path.join(dir, 'db')], {}, { hostsDatabase: true });
const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined), 600_000);
const client = await new MongoClient(`mongodb://127.0.0.1:${port}/bench`, { maxPoolSize: 4 }).connect();
const invoices = client.db('bench').collection('invoices');
for (let i = 0; i < DOCS; i += 10_000)
  await invoices.insertMany(
    Array.from({ length: Math.min(10_000, DOCS - i) }, (_, j) => invoice(i + j)),
    { ordered: false },
  );

let next = DOCS;
/** Two paced writers until `until` settles; each write's wait in ms. */
async function writeWhile(until: Promise<unknown>): Promise<number[]> {
  const waits: number[] = [];
  let done = false;
  void until.finally(() => {
    done = true;
  });
  await Promise.all(
    [0, 1].map(async () => {
      let slot = performance.now();
      while (!done) {
        slot = Math.max(slot + PACE_MS, performance.now() - PACE_MS);
        const ahead = slot - performance.now();
        if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
        if (done) break;
        const t0 = performance.now();
        await invoices.insertOne(invoice(next++));
        waits.push(performance.now() - t0);
      }
    }),
  );
  return waits;
}
const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0);

const baseline = await writeWhile(new Promise((r) => setTimeout(r, 5000)));
const out = path.join(work, 'tijdig.backup');
const parts = fs.mkdtempSync(path.join(work, 'parts-'));
const backup = timed(async () => {
  const r = (await client.db('admin').command({ tijdigBackup: 1, into: parts })) as unknown as {
    files: string[];
    counts: Record<string, number>;
    at: Date;
  };
  const copied = performance.now();
  const manifest = await writeBackupFile(
    out,
    r.files.map((f) => ({ name: `db/${f}`, path: path.join(parts, f) })),
    { at: new Date(r.at).toISOString(), counts: r.counts },
  );
  return { manifest, copied };
});
const during = await writeWhile(backup);
const done = await backup;
const started = performance.now() - done.ms;
await client.close();
await killHard(child);
const bytes = done.value.manifest.files.reduce((s, f) => s + f.bytes, 0);
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(work, { recursive: true, force: true });

console.log(
  `${DOCS.toLocaleString('en')} invoices; backup file ${(bytes / 2 ** 20).toFixed(0)} MiB, ${done.value.manifest.counts['bench.invoices'].toLocaleString('en')} invoices as of its moment`,
);
console.table([
  { phase: 'writes, no backup (baseline)', seconds: '5.0', writes: baseline.length, 'longest wait ms': max(baseline).toFixed(1) },
  {
    phase: "backup: the server's consistent copy, then packed",
    seconds: `${(done.ms / 1000).toFixed(1)} (copy ${((done.value.copied - started) / 1000).toFixed(1)})`,
    writes: during.length,
    'longest wait ms': max(during).toFixed(1),
  },
]);
console.log(
  `targets: a backup of ${DOCS.toLocaleString('en')} invoices under 30 s: ${done.ms < 30_000 ? 'MET' : 'MISSED'} (${(done.ms / 1000).toFixed(1)} s); no write waits over 50 ms during it: ${max(during) <= 50 ? 'MET' : 'MISSED'} (${max(during).toFixed(1)} ms; baseline ${max(baseline).toFixed(1)} ms)`,
);
