/**
 * Chaos soak: tijdig keeps serving through faults, loses nothing and sends nothing twice. For N
 * minutes, all at once: imports of overlapping invoice files (large enough to be running when the
 * faults land), API and page requests at a steady rate, recomputes, and supplier messages that raise
 * alerts; meanwhile the API, a worker, Redis and the database are each killed with kill -9 at random
 * moments and brought back. Processes: a redis-server, the embedded database in its own process, one
 * API and two workers, an SMTP server in this process.
 *
 *   npx tsx bench/soak.ts [--minutes 10] [--rate 40] [--files 6] [--rows 20000] [--seed 1]
 *
 * Prints the answers by status, each import's counts against an uninterrupted run, the invoices
 * against the union of the files, alerts and e-mails, and each process's memory at the start and the
 * end. Targets: no 500 answers; imports as an uninterrupted run makes them; the invoices are the union
 * of the files; each alert opened once and e-mailed at most once per recipient (a resend carries the
 * same Message-ID).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { todayIn } from '../src/domain/dates.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { createToken } from '../src/persistence/tokens/token.repository.ts';
import { ALERT_JOBS, QUEUES } from '../src/queues/definitions.ts';
import { freePort } from '../src/runtime/redis-server.ts';
import { createUser } from '../src/services/users.ts';
import { csrfOf } from '../test/support/forms.ts';
import { apiProcess, databaseProcess, type Managed, redisProcess, workerProcess } from '../test/support/managed-processes.ts';
import { startSmtp } from '../test/support/smtp-sink.ts';
import { invoiceFiles, type SoakFile, suppliersCsv } from './lib/soak-files.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '40' },
    files: { type: 'string', default: '6' },
    rows: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
  },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const FILES = Number(values.files);
const ROWS = Number(values.rows);
const durationMs = MINUTES * 60_000;
let seed = Number(values.seed);
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-soak-'));
const [redisPort, dbPort, apiPort] = [await freePort(), await freePort(), await freePort()];
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const mongoUrl = `mongodb://127.0.0.1:${dbPort}/tijdig`;
const base = `http://127.0.0.1:${apiPort}`;
const smtp = await startSmtp();
const env = (name: string) => ({
  MONGODB_URI: mongoUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: 'soak',
  TIJDIG_DATA_DIR: path.join(dir, name),
  SECRET_KEY: 'soak-secret-key-soak-secret-key-soak-0123',
  SMTP_URL: smtp.url,
  ALERT_RECIPIENTS: 'inkoop@example.org',
  PUBLIC_URL: base,
  PORT: String(apiPort),
  LOG_LEVEL: 'info',
  // Faults last seconds: a worker that died is replaced quickly.
  WORKER_LOCK_MS: '10000',
});

const redis = redisProcess(redisPort, path.join(dir, 'redis'));
const database = databaseProcess(dbPort, path.join(dir, 'db'));
const api = apiProcess(env('api'), base);
const workers = [workerProcess('worker 1', env('worker-1')), workerProcess('worker 2', env('worker-2'))];
const all: Managed[] = [redis, database, api, ...workers];
for (const p of all) await p.start();

// Set-up: tokens and a user straight in the database; the rest through HTTP as a person would.
await connectMongo(mongoUrl);
const finance = await createToken('soak finance', 'finance', 100_000_000);
const user = await createUser('soak@example.org', 'finance', 'soak');
await mongoose.disconnect();
const bearer = { authorization: `Bearer ${finance}` };

async function upload(file: { name: string; text: string }, kind: 'invoices' | 'suppliers'): Promise<string> {
  for (;;) {
    try {
      const form = new FormData();
      form.set('kind', kind);
      form.set('file', new Blob([file.text], { type: 'text/csv' }), file.name);
      const r = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: bearer, body: form, signal: AbortSignal.timeout(60_000) });
      if (r.status === 202) {
        const b = (await r.json()) as { id: string; duplicateOf?: string };
        // Sent twice (the first answer lost in a fault): the import that holds it.
        return b.duplicateOf ?? b.id;
      }
      record('upload', r.status);
    } catch {
      record('upload', 'no answer');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function finished(id: string): Promise<{ status: string; counts: SoakFile['expected'] }> {
  for (;;) {
    try {
      const r = await fetch(`${base}/api/v1/imports/${id}`, { headers: bearer, signal: AbortSignal.timeout(20_000) });
      if (r.ok) {
        const b = (await r.json()) as { status: string; counts: SoakFile['expected'] };
        if (!['queued', 'running'].includes(b.status)) return b;
      }
    } catch {
      // The API is down: ask again.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const suppliersImport = await finished(await upload({ name: 'soak-suppliers.csv', text: suppliersCsv() }, 'suppliers'));
if (suppliersImport.status !== 'completed') throw new Error(`the suppliers file ended ${suppliersImport.status}`);

/** A browser's cookies for one site (enough for a session and a CSRF cookie). */
const jar = new Map<string, string>();
const cookies = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const remember = (r: Response) => {
  for (const c of r.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
};
async function page(url: string, init: RequestInit = {}) {
  const r = await fetch(`${base}${url}`, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookies() } });
  remember(r);
  return r;
}
/** Opens a form's page and sends it (to `action`, else the page's own address). */
async function postForm(url: string, fields: Record<string, string>, action = url) {
  const form = await page(url);
  const { token } = csrfOf({ text: await form.text(), headers: { 'set-cookie': form.headers.getSetCookie() } });
  return page(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...fields }),
  });
}
await postForm(user.setPasswordPath, { password: 'soak password long enough', confirm: 'soak password long enough' });
await postForm('/sign-in', { email: 'soak@example.org', password: 'soak password long enough', next: '/app' });
const link = (await (
  await fetch(`${base}/api/v1/suppliers/SOAK-0/status-links`, {
    method: 'POST',
    headers: { ...bearer, 'content-type': 'application/json' },
    body: '{}',
  })
).json()) as { url: string };
const statusPath = new URL(link.url).pathname;
const rssStart = Object.fromEntries(all.map((p) => [p.name, p.rssMiB()]));

// What every answer was, by the kind of request.
const answers = new Map<string, number>();
function record(kind: string, status: number | string) {
  const key = `${kind} ${status}`;
  answers.set(key, (answers.get(key) ?? 0) + 1);
}

const READS = [
  ['api', '/api/v1/suppliers?limit=50'],
  ['api', '/api/v1/suppliers/SOAK-1'],
  ['api', '/api/v1/invoices?limit=50'],
  ['api', '/api/v1/alerts?limit=20'],
  ['api', '/api/v1/reports/ageing'],
  ['page', '/app'],
  ['page', '/app/suppliers'],
  ['page', statusPath],
  ['page', '/lookup'],
  ['page', '/'],
] as const;

const started = Date.now();
const running = () => Date.now() - started < durationMs;
const inFlight = new Set<Promise<void>>();

async function loadLoop() {
  let k = 0;
  while (running()) {
    const [kind, url] = READS[k++ % READS.length];
    const p = fetch(`${base}${url}`, {
      headers: kind === 'api' ? bearer : { cookie: cookies() },
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    })
      .then(async (r) => {
        await r.arrayBuffer();
        record(kind, r.status);
      })
      .catch(() => record(kind, 'no answer'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
}

const today = todayIn('Europe/Amsterdam');
const { files, final } = invoiceFiles(FILES, ROWS, today);
const results: Array<{ file: string; status: string; got: SoakFile['expected']; expected: SoakFile['expected'] }> = [];
/** When each import ran (ms since the start), to tell which faults landed on one. */
const importing: Array<[number, number]> = [];
let importRunning = false;
/** Faults waiting for the next import to start. */
const waitingForImport: Array<() => void> = [];
const nextImport = () => new Promise<void>((resolve) => waitingForImport.push(resolve));
const importSpacingMs = (durationMs * 0.8) / files.length;
/** One file after another, spread over the run, so faults find an import running. */
async function importLoop() {
  for (const [i, f] of files.entries()) {
    await new Promise((r) => setTimeout(r, Math.max(0, started + (durationMs * 0.8 * i) / files.length - Date.now())));
    const from = Date.now() - started;
    importRunning = true;
    for (const go of waitingForImport.splice(0)) go();
    const done = await finished(await upload(f, 'invoices'));
    importRunning = false;
    importing.push([from, Date.now() - started]);
    results.push({ file: f.name, status: done.status, got: done.counts, expected: f.expected });
  }
}

async function recomputeLoop() {
  while (running()) {
    await new Promise((r) => setTimeout(r, 15_000));
    try {
      const r = await fetch(`${base}/api/v1/recompute`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: '{}',
      });
      record('recompute', r.status);
    } catch {
      record('recompute', 'no answer');
    }
  }
}

// At most 8 messages: a status page takes 10 an hour from one address.
let sent = 0;
async function messageLoop() {
  const every = Math.max(durationMs / 8, 7_000);
  while (running()) {
    await new Promise((r) => setTimeout(r, every));
    try {
      const r = await postForm(
        statusPath,
        { kind: 'question', invoiceNumber: '', message: `Soak question ${sent + 1}: when will we be paid?` },
        `${statusPath}/messages`,
      );
      record('message', r.status);
      if (r.status === 303) sent++;
    } catch {
      record('message', 'no answer');
    }
  }
}

// One fault at a time: kill -9, a few seconds down, back; the kinds shuffled, each at least once.
const timeline: Array<{ at: number; text: string }> = [];
async function faultLoop() {
  const victims = [api, workers[0], redis, database];
  const count = Math.max(victims.length, Math.round(MINUTES * 1.5));
  const order = Array.from({ length: count }, (_, i) => victims[i % victims.length]).sort(() => random() - 0.5);
  const slot = (durationMs * 0.85) / count;
  for (const [i, victim] of order.entries()) {
    const at = started + slot * i + slot * (0.2 + 0.6 * random());
    await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
    // Every other fault lands on an import while files remain: it waits for the next one to start,
    // then strikes a moment in (a file takes seconds; waiting for a running one found few).
    if (i % 2 === 0 && results.length < files.length) {
      if (!importRunning) await Promise.race([nextImport(), new Promise((r) => setTimeout(r, importSpacingMs))]);
      await new Promise((r) => setTimeout(r, 150 + 300 * random()));
    }
    const at0 = Date.now() - started;
    await victim.kill();
    await new Promise((r) => setTimeout(r, 2000 + 2000 * random()));
    await victim.start();
    timeline.push({ at: at0, text: `${victim.name} killed, back after ${((Date.now() - started - at0) / 1000).toFixed(1)} s` });
  }
}

await Promise.all([loadLoop(), importLoop(), recomputeLoop(), messageLoop(), faultLoop()]);
await Promise.all(inFlight);

// Settle: every queue empty, then the day's digest, then its mail.
const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queues = Object.values(QUEUES).map((q) => new Queue(q.name, { connection: conn, prefix: 'soak' }));
async function drained(timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3 && Date.now() < end) {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
    quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 500));
  }
}
await drained();
const alertsQueue = queues.find((q) => q.name === QUEUES.alerts.name) as Queue;
await alertsQueue.add(ALERT_JOBS.digest, {}, { jobId: `soak_digest_${Date.now()}` });
await drained();
await new Promise((r) => setTimeout(r, 2000));
const rssEnd = Object.fromEntries(all.map((p) => [p.name, p.rssMiB()]));

// What is stored.
const client = await new MongoClient(mongoUrl).connect();
const db = client.db();
const stored = new Map(
  (
    await db
      .collection('invoices')
      .find({ invoiceNumber: /^SK-/ }, { projection: { _id: 0, invoiceNumber: 1, amount: 1 } })
      .toArray()
  ).map((d) => [d.invoiceNumber as string, d.amount as number]),
);
const wrong = [...final].filter(([n, amount]) => stored.get(n) !== amount).length;
// Which import last wrote each wrong invoice: what to look at when the union is not right.
const culprits: Array<[string, number]> = [];
if (wrong > 0) {
  const names = new Map((await db.collection('imports').find({}).toArray()).map((i) => [String(i._id), i.fileName as string]));
  const bad = [...final].filter(([n, amount]) => stored.get(n) !== amount).map(([n]) => n);
  const docs = await db
    .collection('invoices')
    .find({ invoiceNumber: { $in: bad.slice(0, 5000) } })
    .toArray();
  const by = new Map<string, number>();
  for (const d of docs) {
    const k = `written by ${names.get(String(d.lastImportId ?? d.importId))} (inserted by ${names.get(String(d.importId))})`;
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  culprits.push(...by);
}
const duplicates = (await db.collection('invoices').countDocuments({ invoiceNumber: /^SK-/ })) - stored.size;
const extra = [...stored.keys()].filter((n) => !final.has(n)).length;
const alerts = await db.collection('alerts').find({}).toArray();
const asked = new Set(alerts.filter((a) => a.rule === 'supplierAsked').map((a) => a.conditionKey));
// A message whose answer was lost to a fault may still have been stored: the stored ones are the truth,
// and each must have its alert; every message answered 303 must be among them.
const messagesStored = await db.collection('supplierMessages').countDocuments({ message: /^Soak question / });
const critical = alerts.filter((a) => a.severity === 'critical').map((a) => String(a._id));

// E-mails: each alert in at most one message (Message-ID) per recipient; a resend keeps its Message-ID.
const mailsOf = new Map<string, Set<string>>();
for (const m of smtp.messages) {
  const ids = new Set([...String(m.html).matchAll(/\/alerts\/([0-9a-f]{24})\/acknowledge/g)].map((x) => x[1]));
  for (const id of ids)
    for (const to of m.rcpt) {
      const key = `${id}|${to}`;
      mailsOf.set(key, (mailsOf.get(key) ?? new Set()).add(m.messageId ?? ''));
    }
}
const mailedTwice = [...mailsOf.values()].filter((s) => s.size > 1).length;
const criticalMailed = critical.filter((id) => mailsOf.has(`${id}|inkoop@example.org`)).length;
const resends = smtp.messages.length - new Set(smtp.messages.map((m) => `${m.messageId}|${m.rcpt.join(',')}`)).size;

await client.close();
for (const q of queues) await q.close();
conn.disconnect();
for (const p of [...workers, api, database, redis]) await p.stop();
await smtp.close();
fs.rmSync(dir, { recursive: true, force: true });

console.log(`soak of ${MINUTES} min at ${RATE} requests/s; ${FILES} files of ${ROWS.toLocaleString('en')} invoices; faults:`);
let faultsOnImports = 0;
for (const t of timeline) {
  const during = importing.findIndex(([a, b]) => a <= t.at && t.at <= b);
  if (during >= 0) faultsOnImports++;
  console.log(`  ${(t.at / 1000).toFixed(0)} s: ${t.text}${during >= 0 ? ` (during the import of ${files[during].name})` : ''}`);
}
console.table([...answers].sort().map(([what, n]) => ({ 'request and answer': what, count: n })));
console.table(
  results.map((r) => ({
    file: r.file,
    status: r.status,
    'inserted / updated / unchanged / rejected': `${r.got.inserted} / ${r.got.updated} / ${r.got.unchanged} / ${r.got.rejected}`,
    'uninterrupted run': `${r.expected.inserted} / ${r.expected.updated} / ${r.expected.unchanged} / ${r.expected.rejected}`,
  })),
);
console.log(`${faultsOnImports} of ${timeline.length} faults landed while an import was running`);
for (const [who, n] of culprits) console.log(`  ${n} invoices not as the union has them were last ${who}`);
console.log(
  `invoices: ${stored.size.toLocaleString('en')} stored, ${final.size.toLocaleString('en')} in the union of the files; ${wrong} missing or with another amount, ${extra} not in any file, ${duplicates} stored twice`,
);
console.log(
  `alerts: ${alerts.length} opened (${critical.length} critical, ${criticalMailed} of them e-mailed); supplier questions answered 303 ${sent}, stored ${messagesStored}, alerts for them ${asked.size}; e-mails ${smtp.messages.length}, of which resends with the same Message-ID ${resends}; an alert in two different e-mails to one recipient: ${mailedTwice}`,
);
console.table(all.map((p) => ({ process: p.name, 'RSS at start (MiB)': rssStart[p.name], 'RSS at the end (MiB)': rssEnd[p.name] })));

const no500 = ![...answers.keys()].some((k) => / 5\d\d$/.test(k) && !k.endsWith(' 503'));
const importsOk =
  results.length === files.length && results.every((r) => r.status === 'completed' && JSON.stringify(r.got) === JSON.stringify(r.expected));
const unionOk = wrong === 0 && extra === 0 && duplicates === 0;
const onceOk = mailedTwice === 0 && asked.size === messagesStored && messagesStored >= sent && criticalMailed === critical.length;
console.log(
  `targets: no 500 answers: ${no500 ? 'MET' : 'MISSED'}; imports as uninterrupted: ${importsOk ? 'MET' : 'MISSED'}; invoices = union of the files: ${unionOk ? 'MET' : 'MISSED'}; alerts and e-mails once each: ${onceOk ? 'MET' : 'MISSED'}`,
);
process.exit(0);
