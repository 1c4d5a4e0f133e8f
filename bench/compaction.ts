/**
 * How long a write waits while the embedded server compacts a large data directory. The server runs
 * in its own process with a data directory holding `--docs` invoices (all still in the journal);
 * two clients keep writing (an insert and an update by the unique key, in turns) while a `compact`
 * command folds everything into a snapshot, `--rounds` times. The baseline is the same writing without a compaction,
 * for 6 s before the first and as long as each took after it. Each phase also gives the longest event-loop
 * delay of the benchmark's own process, so a long wait can be told apart from a client that was
 * late itself, and the server's own longest event-loop stall and garbage-collector pause (recorded in the
 * server by bench/lib/pause-recorder.mjs): on a 2-core machine that runs both, a long wait can come from
 * either. Last, the time a restart takes until it answers (it finds where each collection's records are; the documents
 * are read in the background), and then until its first command on the invoices (a count, which reads them).
 *
 * By default the writers go as fast as the server answers, so the server's main thread and the client
 * both want a core all the time. `--rate N` paces them to N writes per second in all, which leaves the
 * machine room: then a long wait is more nearly what the compaction itself costs.
 *
 * `--pin` gives the server (all its threads) core 0 and the benchmark core 1 (Linux, `taskset`), so
 * neither waits for the other's core: a long wait left then is the server's own.
 *
 *   npx tsx bench/compaction.ts [--docs 1000000] [--rounds 3] [--rate 1000] [--pin]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { peakRssMiB, timed } from './lib/measure.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '0' },
    pin: { type: 'boolean', default: false },
  },
});
/** Sets the cores of every thread of a process (threads started later inherit it). */
const pin = (pid: number | undefined, cpus: string) => {
  if (values.pin && pid) execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
};
pin(process.pid, '1');
const DOCS = Number(values.docs);
const ROUNDS = Number(values.rounds);
const WRITERS = 2;
/** Each writer's time between the starts of two writes, when paced (`--rate`); 0: no pause. */
const PACE_MS = Number(values.rate) > 0 ? (WRITERS * 1000) / Number(values.rate) : 0;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-compact-'));
const pauseLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-pauses-')), 'pauses.txt');
const day0 = Date.UTC(2025, 0, 1);
// Shaped as tijdig stores an invoice (src/persistence/invoices/invoice.model.ts): calendar dates as
// strings, money as integer minor units, the import that wrote it, mongoose's updatedAt.
const isoDay = (days: number) => new Date(day0 + days * 86_400_000).toISOString().slice(0, 10);
const invoice = (i: number) => ({
  supplierId: `S${i % 10_000}`,
  invoiceNumber: `F-${i}`,
  issueDate: isoDay((i * 31) % 365),
  dueDate: isoDay(((i * 31) % 365) + 30),
  amount: ((i * 7919) % 2_000_000) + 100,
  currency: 'EUR',
  status: i % 5 === 0 ? 'paid' : 'approved',
  poNumber: `PO-${i % 977}`,
  importId: 'imp_0123456789abcdef',
  updatedAt: new Date(day0 + i),
});

async function start() {
  const child = spawnTs(
    'embedded-db/main.ts',
    ['--port', '0', '--data', dir],
    { PAUSE_LOG: pauseLog },
    { hostsDatabase: true, nodeArgs: ['--import', path.join(import.meta.dirname, 'lib/pause-recorder.mjs')] },
  );
  pin(child.pid, '0');
  const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined), 600_000);
  const client = await new MongoClient(`mongodb://127.0.0.1:${port}/bench`, { maxPoolSize: WRITERS + 2 }).connect();
  return { child, client, invoices: client.db('bench').collection('invoices') };
}

type Server = Awaited<ReturnType<typeof start>>;

let inserted = 0;

/**
 * Writers run until `until` resolves. Returns each write's wait in ms, and the longest event-loop
 * delay of this (the client's) process meanwhile: a wait that long may be the client's, not the server's.
 */
async function writeWhile(s: Server, until: Promise<unknown>, from: number): Promise<Phase> {
  const waits: number[] = [];
  const startedAt = Date.now();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let next = from;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      let slot = performance.now();
      while (!done) {
        if (PACE_MS) {
          // A writer that fell behind starts again from now rather than firing to catch up.
          slot = Math.max(slot + PACE_MS, performance.now() - PACE_MS);
          const ahead = slot - performance.now();
          if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
          if (done) break;
        }
        const i = next++;
        const t0 = process.hrtime.bigint();
        if (i % 2 === 0) {
          await s.invoices.insertOne(invoice(DOCS + i));
          inserted++;
        } else await s.invoices.updateOne({ supplierId: `S${i % 10_000}`, invoiceNumber: `F-${i}` }, { $set: { status: 'scheduled' } });
        waits.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  loop.disable();
  return { waits, clientLoopMaxMs: loop.max / 1e6, from: startedAt, to: Date.now() };
}

interface Phase {
  waits: number[];
  clientLoopMaxMs: number;
  /** Wall-clock span, to find the server's pauses in it. */
  from: number;
  to: number;
}

interface Pause {
  kind: string;
  at: number;
  ms: number;
  /** Of a loop stall: how long the server's main thread ran on a CPU, and waited for one, meanwhile. */
  cpuMs?: number;
  queuedMs?: number;
}

/** What pause-recorder.mjs wrote in the server, read once the rounds are over. */
function readPauses(): Pause[] {
  if (!fs.existsSync(pauseLog)) return [];
  return fs
    .readFileSync(pauseLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind = '', at, ms, cpuMs, queuedMs] = line.split(' ');
      return { kind, at: Number(at), ms: Number(ms), cpuMs: Number(cpuMs), queuedMs: Number(queuedMs) };
    });
}

/** Whether a pause falls, at least partly, within a phase. */
const within = (p: Pause, { from, to }: Phase) => p.at + p.ms >= from && p.at <= to;

/** The server's longest event-loop stall and garbage-collector pause within a phase, and the longest of each kind of pause. */
function serverPauses(phase: Phase, pauses: Pause[]): { loopMs: number; gcMs: number; byKind: Map<string, number> } {
  const byKind = new Map<string, number>();
  for (const p of pauses) if (within(p, phase)) byKind.set(p.kind, Math.max(byKind.get(p.kind) ?? 0, p.ms));
  const gcMs = Math.max(0, ...[...byKind].filter(([k]) => k.startsWith('gc-')).map(([, ms]) => ms));
  return { loopMs: byKind.get('loop') ?? 0, gcMs, byKind };
}

/** The server's longest event-loop stall in any of `phases`, and what its main thread did meanwhile. */
function longestStall(phases: Phase[], pauses: Pause[]): string {
  let worst: Pause | undefined;
  for (const p of pauses) if (p.kind === 'loop' && (!worst || p.ms > worst.ms) && phases.some((phase) => within(p, phase))) worst = p;
  if (!worst) return 'none of 5 ms or more';
  const { ms, cpuMs = Number.NaN, queuedMs = Number.NaN } = worst;
  // The stretch between two ticks of the recorder: its 2 ms period plus the stall.
  const neither = Math.max(0, ms + 2 - cpuMs - queuedMs);
  return `${ms.toFixed(1)} ms (its main thread on a CPU ${cpuMs.toFixed(1)} ms, waiting for one ${queuedMs.toFixed(1)} ms, neither ${neither.toFixed(1)} ms)`;
}

/** `baselineMax`: the longest wait without a compaction, before or after it. */
function summary(label: string, phase: Phase, baselineMax: number, pauses: Pause[]) {
  const { waits, clientLoopMaxMs } = phase;
  const server = serverPauses(phase, pauses);
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const max = sorted.at(-1) ?? 0;
  return {
    phase: label,
    writes: waits.length,
    'p50 ms': at(0.5).toFixed(2),
    'p99 ms': at(0.99).toFixed(2),
    'max ms': max.toFixed(1),
    'max vs baseline max': (max / baselineMax).toFixed(2),
    'client loop max ms': clientLoopMaxMs.toFixed(1),
    'server loop max ms': server.loopMs.toFixed(1),
    'server GC max ms': server.gcMs.toFixed(1),
  };
}

const s = await start();
await s.invoices.createIndex({ supplierId: 1, invoiceNumber: 1 }, { unique: true });
const seeding = await timed(async () => {
  for (let i = 0; i < DOCS; i += 10_000)
    await s.invoices.insertMany(
      Array.from({ length: Math.min(10_000, DOCS - i) }, (_, j) => invoice(i + j)),
      { ordered: false },
    );
});
console.log(`seeded ${DOCS.toLocaleString('en')} documents in ${(seeding.ms / 1000).toFixed(1)} s`);

// Writing without a compaction before and after it: the first stretch follows the bulk load, when
// the collector is still busy with what it left; the second is the settled state.
const BEFORE_MS = 6000;
let written = 0;
const before = await writeWhile(s, new Promise((r) => setTimeout(r, BEFORE_MS)), 0);
written += before.waits.length;
// Several compactions in a row: one compaction's longest wait depends on where the collector's
// pauses happen to fall, so a single one says little.
const rounds: Array<{ during: Phase; after: Phase; ms: number }> = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  const compacting = s.client.db('bench').command({ compact: 'invoices' });
  const during = await writeWhile(s, compacting, written);
  written += during.waits.length;
  const ms = performance.now() - t0;
  await compacting;
  const after = await writeWhile(s, new Promise((res) => setTimeout(res, ms)), written);
  written += after.waits.length;
  rounds.push({ during, after, ms });
}
const snapshotMiB = fs.statSync(path.join(dir, 'snapshot.bson')).size / 2 ** 20;

// A loop, not Math.max(...): tens of thousands of waits overflow the argument list.
const maxOf = (...lists: number[][]) => lists.reduce((m, l) => l.reduce((a, b) => Math.max(a, b), m), 0);
const pauses = readPauses();
const baseMax = maxOf(before.waits, ...rounds.map((r) => r.after.waits));
console.log(
  `${PACE_MS ? `writers paced to ${values.rate} writes/s in all` : 'writers as fast as the server answers'}${values.pin ? '; server on core 0, benchmark on core 1' : ''}`,
);
console.log(`${ROUNDS} compactions: ${rounds.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s; snapshot ${snapshotMiB.toFixed(0)} MiB`);
console.table([
  summary(`no compaction, ${BEFORE_MS / 1000} s right after the load`, before, baseMax, pauses),
  ...rounds.flatMap((r, i) => [
    summary(`compaction ${i + 1} of ${DOCS.toLocaleString('en')} docs`, r.during, baseMax, pauses),
    summary(`no compaction, as long again after compaction ${i + 1}`, r.after, baseMax, pauses),
  ]),
]);
const worst = maxOf(...rounds.map((r) => r.during.waits));
const serverWorst = new Map<string, number>();
for (const r of rounds)
  for (const [k, ms] of serverPauses(r.during, pauses).byKind) serverWorst.set(k, Math.max(serverWorst.get(k) ?? 0, ms));
const worstOf = (kind: string) => (serverWorst.get(kind) ?? 0).toFixed(1);
const gcKinds = [...serverWorst.keys()].filter((k) => k.startsWith('gc-')).sort();
console.log(
  `longest write wait during a compaction: ${worst.toFixed(1)} ms (target 50 ms: ${worst <= 50 ? 'MET' : 'MISSED'}); without one: ${baseMax.toFixed(1)} ms`,
);
console.log(
  `the server's longest GC pauses during a compaction (of 5 ms or more): ${gcKinds.map((k) => `${k.slice(3)} ${worstOf(k)} ms`).join(', ') || 'none'}`,
);
console.log(
  `the server's longest event-loop stall during a compaction: ${longestStall(
    rounds.map((r) => r.during),
    pauses,
  )}`,
);
console.log(`the server's longest event-loop stall without one: ${longestStall([before, ...rounds.map((r) => r.after)], pauses)}`);
const count = await s.invoices.countDocuments();
console.log(
  `documents: ${count.toLocaleString('en')} (seeded and inserted: ${(DOCS + inserted).toLocaleString('en')}); server peak RSS ${peakRssMiB(s.child.pid)} MiB`,
);
await s.client.close();
await killHard(s.child);

// A start reads where each collection's records are and answers; the documents are read in the
// background, or at once by the first command that needs them (here a count of the invoices).
let counted = 0;
let firstCountMs = 0;
const restart = await timed(async () => {
  const again = await start();
  const answered = performance.now();
  counted = await again.invoices.countDocuments({});
  firstCountMs = performance.now() - answered;
  await again.client.close();
  await killHard(again.child);
});
const answersMs = restart.ms - firstCountMs;
console.log(
  `restart: answers after ${(answersMs / 1000).toFixed(1)} s; the first command on the invoices (a count of ${counted.toLocaleString('en')}) ${(firstCountMs / 1000).toFixed(1)} s after that, reading them; the new snapshot follows once every collection is read`,
);
console.log(
  `target: answers within 3 s of a start with ${DOCS.toLocaleString('en')} documents: ${answersMs <= 3000 ? 'MET' : 'MISSED'}; every document read within 3 s: ${restart.ms <= 3000 ? 'MET' : 'MISSED'} (${(restart.ms / 1000).toFixed(1)} s)`,
);
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(path.dirname(pauseLog), { recursive: true, force: true });
