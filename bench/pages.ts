/**
 * The web app's pages at 10,000 suppliers: server time of the overview and of the first ranking
 * page, against the JSON API's ranking call, in one run, from a real `tijdig start api` process
 * (embedded database in-process). Each is requested one at a time (server time, not throughput).
 *
 *   npx tsx bench/pages.ts [--suppliers 10000] [--requests 30]
 */
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/env.ts';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { resolveInvoice } from '../src/domain/invoice.ts';
import { shippedTable } from '../src/domain/rates/rate-table.ts';
import type { SupplierHealth } from '../src/domain/supplier-health.ts';
import { supplierHealth } from '../src/domain/supplier-health.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { SnapshotModel } from '../src/persistence/snapshots/snapshot.model.ts';
import { saveSnapshots } from '../src/persistence/snapshots/snapshot.repository.ts';
import { SupplierModel } from '../src/persistence/suppliers/supplier.model.ts';
import { createToken } from '../src/persistence/tokens/token.repository.ts';
import { redisAnswers, spawnRedis } from '../src/runtime/redis-server.ts';
import { keepGroupFigures } from '../src/services/group-figures.ts';
import { orgSettings } from '../src/services/org-settings.ts';
import { createUser } from '../src/services/users.ts';
import { startApi } from './lib/api-process.ts';
import { timed } from './lib/measure.ts';

const { values } = parseArgs({ options: { suppliers: { type: 'string', default: '10000' }, requests: { type: 'string', default: '30' } } });
const S = Number(values.suppliers);
const N = Number(values.requests);
const PASSWORD = 'bench password that is long enough';

let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const privateRedis = (await redisAnswers(redisUrl)) ? null : await spawnRedis();
if (privateRedis) redisUrl = privateRedis.url;
const api = await startApi(redisUrl, 'pages');
const base = api.base;

// 10,000 suppliers with a few invoices each; snapshots for today and the 6 days before.
await connectMongo(api.mongoUrl);
const today = todayIn('Europe/Amsterdam');
const rates = shippedTable('EU');
const suppliers = Array.from({ length: S }, (_, s) => ({
  supplierId: `S${String(s).padStart(5, '0')}`,
  name: `Leverancier ${s}`,
  country: ['NL', 'BE', 'DE'][s % 3],
  employees: [3, 8, 30, 120, 600][s % 5],
  annualRevenue: ((s % 50) + 1) * 200_000_00,
  revenueCurrency: 'EUR',
  paymentTermsDays: [14, 30, 45, 90][s % 4],
}));
await SupplierModel.collection.insertMany(suppliers.map((x) => ({ ...x })));
for (let d = 6; d >= 0; d--) {
  const asOf = addDays(today, -d);
  const docs = suppliers.map((sup, s) => {
    const invoices = Array.from({ length: 4 }, (_, k) =>
      resolveInvoice(
        {
          supplierId: sup.supplierId,
          invoiceNumber: `I${s}-${k}`,
          issueDate: addDays(today, -20 - ((s * 7 + k * 13) % 150)),
          amount: 10_000 + ((s * 97 + k) % 500_000),
          currency: 'EUR',
        },
        sup.paymentTermsDays,
      ),
    );
    const health = supplierHealth(sup, invoices, {
      asOf,
      baseCurrency: 'EUR',
      regime: 'NL',
      rates,
      org: { isLarge: true, defaultPaymentTermsDays: 30 },
    });
    return { supplierId: sup.supplierId, asOf, harmScore: health.harmScore, health, computedAt: new Date() };
  });
  for (let i = 0; i < docs.length; i += 2000) await SnapshotModel.collection.insertMany(docs.slice(i, i + 2000));
}
const token = await createToken('bench', 'finance');
const made = await createUser('bench@example.org', 'finance', 'bench');
await mongoose.disconnect();

// Set the password and sign in through the pages, as a browser would.
const cookies = new Map<string, string>();
const jar = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const remember = (r: Response) => {
  for (const c of r.headers.getSetCookie()) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    cookies.set(kv.slice(0, i), kv.slice(i + 1));
  }
};
const csrfIn = (html: string) => (/name="_csrf" value="([^"]+)"/.exec(html) as RegExpExecArray)[1];
const post = async (p: string, body: Record<string, string>) => {
  const r = await fetch(`${base}${p}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  remember(r);
  return r;
};
const get = async (p: string, headers: Record<string, string> = {}) => {
  const r = await fetch(`${base}${p}`, { redirect: 'manual', headers: { cookie: jar(), ...headers } });
  remember(r);
  return r;
};
let page = await get(made.setPasswordPath);
await post(made.setPasswordPath, { _csrf: csrfIn(await page.text()), password: PASSWORD, confirm: PASSWORD });
page = await get('/sign-in');
const signed = await post('/sign-in', { _csrf: csrfIn(await page.text()), email: 'bench@example.org', password: PASSWORD, next: '/app' });
if (signed.status !== 303) throw new Error(`sign-in answered ${signed.status}`);

/** `vary`: the path of the i-th request (0 is the first), when they must differ. */
async function measure(p: string, headers: Record<string, string> = {}, vary: (i: number) => string = () => p) {
  const first = performance.now();
  const r0 = await get(vary(0), headers);
  const bytes = (await r0.arrayBuffer()).byteLength;
  if (r0.status !== 200) throw new Error(`${p} answered ${r0.status}`);
  const cold = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const r = await get(vary(i + 1), headers);
    await r.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { cold, p50: times[Math.floor(N / 2)], mean: times.reduce((a, b) => a + b, 0) / N, bytes };
}

// The API keeps each answer's body per URL and data version, so a repeated call is sent from memory.
// The baseline is the work behind the page instead: the first page of the ranking, each request with
// a different size (50 rows and up), so none is a kept body.
const json = await measure('/api/v1/suppliers?limit=50', { authorization: `Bearer ${token}` }, (i) => `/api/v1/suppliers?limit=${50 + i}`);
const overview = await measure('/app');
const ranking = await measure('/app/suppliers');

// After an import: today's snapshots change (the data version with them), past days' totals stay kept,
// and the job a recompute run queues keeps the day's group figures, as a worker does.
await connectMongo(api.mongoUrl);
const one = await SnapshotModel.findOne({ asOf: today }, { health: 1 }).lean<{ health: SupplierHealth }>();
await saveSnapshots([(one as { health: SupplierHealth }).health]);
const keptIn = await timed(() => keepGroupFigures(today, orgSettings(loadConfig({}))));
await mongoose.disconnect();
// The API reuses a read of the data version for 250 ms: past that, it sees the import.
await new Promise((r) => setTimeout(r, 300));
const afterImportStart = performance.now();
await (await get('/app')).arrayBuffer();
const afterImport = performance.now() - afterImportStart;
await api.stop();
await privateRedis?.stop();

const ms = (x: number) => x.toFixed(1);
console.log(`${S.toLocaleString('en')} suppliers with 7 days of snapshots; ${N} sequential requests each after a first one`);
console.table([
  {
    request: 'JSON ranking, first page of 50+ rows, not kept (baseline)',
    'first ms': ms(json.cold),
    'median ms': ms(json.p50),
    'mean ms': ms(json.mean),
    bytes: json.bytes,
    'vs baseline': '1.00',
  },
  {
    request: 'overview page',
    'first ms': ms(overview.cold),
    'median ms': ms(overview.p50),
    'mean ms': ms(overview.mean),
    bytes: overview.bytes,
    'vs baseline': (overview.mean / json.mean).toFixed(2),
  },
  {
    request: 'overview page, first after an import',
    'first ms': ms(afterImport),
    'median ms': '',
    'mean ms': '',
    bytes: overview.bytes,
    'vs baseline': (afterImport / json.mean).toFixed(2),
  },
  {
    request: 'ranking page 1 (50 rows)',
    'first ms': ms(ranking.cold),
    'median ms': ms(ranking.p50),
    'mean ms': ms(ranking.mean),
    bytes: ranking.bytes,
    'vs baseline': (ranking.mean / json.mean).toFixed(2),
  },
]);
const ok = (x: { mean: number }) => x.mean <= 2 * json.mean;
const afterImportOk = afterImport <= 3 * json.mean;
console.log(`the job a recompute run queues kept the day's group figures in ${ms(keptIn.ms)} ms (in the worker, before anyone asks)`);
console.log(
  `targets: overview <= 2x the JSON call: ${ok(overview) ? 'MET' : 'MISSED'} (the very first, computing every past day once, ${(overview.cold / json.mean).toFixed(2)}x); first overview after an import <= 3x: ${afterImportOk ? 'MET' : 'MISSED'} (${(afterImport / json.mean).toFixed(2)}x); first ranking page <= 2x: ${ok(ranking) ? 'MET' : 'MISSED'}`,
);
