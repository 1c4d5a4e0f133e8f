/**
 * The API under load: 10,000 suppliers and 1,000,000 invoices (defaults) in a real `tijdig start api`
 * process (embedded database in-process). At 64 connections for 20 s each (autocannon): the first
 * ranking page (100 rows), a filtered page, a supplier's detail, a supplier's invoice page, and the
 * first page again with If-None-Match (304). The baseline of each is plain express serving the same
 * bytes (with the same ETag) from memory, in its own process, in the same run. The benchmark's token
 * has a raised rate limit (tokens create --rate-limit); the limit stays on.
 *
 *   npx tsx bench/api-load.ts [--suppliers 10000] [--invoices 1000000] [--seconds 20] [--connections 64]
 * Targets: each paged call >= 0.3x its baseline, the 304 path >= 0.8x, p99 < 100 ms, no errors; a page
 * of 100 suppliers with 300 invoices each (every one on an unlawful term) under 150 KB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/env.ts';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { createToken } from '../src/persistence/tokens/token.repository.ts';
import { orgSettings } from '../src/services/org-settings.ts';
import { recomputeSuppliers } from '../src/services/recompute.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { startApi } from './lib/api-process.ts';
import { timed } from './lib/measure.ts';
import { benchInvoice, benchRedis, benchSuppliers, insertInBatches } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    suppliers: { type: 'string', default: '10000' },
    invoices: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '64' },
  },
});
const S = Number(values.suppliers);
const N = Number(values.invoices);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const asOf = todayIn('Europe/Amsterdam');

const redis = await benchRedis();
const api = await startApi(redis.url, 'api-load');

// Seed through the driver, then compute the day's snapshots here (as the workers would).
const seeded = await timed(async () => {
  const client = await new MongoClient(api.mongoUrl).connect();
  const d = client.db();
  await d.collection('suppliers').insertMany(benchSuppliers(S));
  await insertInBatches(d, 'invoices', N, (k) => benchInvoice(k, S, addDays(asOf, (k % 200) - 150)));
  await client.close();
});
await connectMongo(api.mongoUrl);
const org = orgSettings(loadConfig({}));
const computed = await timed(async () => {
  for (let s = 0; s < S; s += 250)
    await recomputeSuppliers(
      Array.from({ length: Math.min(250, S - s) }, (_, i) => `S${s + i}`),
      asOf,
      org,
    );
});
const token = await createToken('api-load benchmark', 'finance', 100_000_000);
await mongoose.disconnect();
console.log(
  `seeded ${S.toLocaleString('en')} suppliers and ${N.toLocaleString('en')} invoices in ${(seeded.ms / 1000).toFixed(0)} s; snapshots for ${asOf} in ${(computed.ms / 1000).toFixed(0)} s`,
);

const auth = { authorization: `Bearer ${token}` };
const calls = [
  { name: 'ranking, first page (100)', path: '/api/v1/suppliers?limit=100' },
  { name: 'ranking, filtered page', path: '/api/v1/suppliers?level=high,critical&sizeClass=micro&limit=100' },
  { name: 'supplier detail', path: '/api/v1/suppliers/S42' },
  { name: "a supplier's invoices (100)", path: '/api/v1/suppliers/S42/invoices?limit=100' },
];
const answers: Record<string, { body: string; etag: string }> = {};
for (const c of calls) {
  const r = await fetch(`${api.base}${c.path}`, { headers: auth });
  if (r.status !== 200) throw new Error(`${c.path} answered ${r.status}: ${await r.text()}`);
  answers[c.path.split('?')[0] + (c.path.includes('?') ? `_${calls.indexOf(c)}` : '')] = {
    body: await r.text(),
    etag: r.headers.get('etag') ?? '',
  };
}
// The baseline serves each answer at its own plain path.
const basePaths = Object.keys(answers);
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-')), 'answers.json');
fs.writeFileSync(file, JSON.stringify(answers));
const baseline = spawnTs('bench/lib/static-json-server.ts', [file]);
const basePort = await waitForJsonLine(baseline, (v) => (typeof v.listening === 'number' ? v.listening : undefined));

async function load(url: string, headers: Record<string, string>, expected: number) {
  // A warm-up so both servers run optimised code when measured.
  await autocannon({ url, connections, duration: Math.min(2, seconds), headers });
  const r = await autocannon({ url, connections, duration: seconds, headers });
  const good = (r.statusCodeStats as Record<string, { count: number }>)[String(expected)]?.count ?? 0;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.requests.total - good + r.errors + r.timeouts };
}

const rows = [];
for (const [i, c] of calls.entries()) {
  const bytes = Buffer.byteLength(answers[basePaths[i]].body);
  const mine = await load(`${api.base}${c.path}`, auth, 200);
  const base = await load(`http://127.0.0.1:${basePort}${basePaths[i]}`, {}, 200);
  rows.push({ call: c.name, bytes, ...pair(mine, base) });
}
{
  const first = answers[basePaths[0]];
  const mine = await load(`${api.base}${calls[0].path}`, { ...auth, 'if-none-match': first.etag }, 304);
  const base = await load(`http://127.0.0.1:${basePort}${basePaths[0]}`, { 'if-none-match': first.etag }, 304);
  rows.push({ call: 'ranking, first page again (If-None-Match → 304)', bytes: 0, ...pair(mine, base) });
}

function pair(mine: Awaited<ReturnType<typeof load>>, base: Awaited<ReturnType<typeof load>>) {
  return {
    'req/s': Math.round(mine.rps),
    'p50 / p99 ms': `${mine.p50} / ${mine.p99}`,
    'baseline req/s': Math.round(base.rps),
    'baseline p50 / p99 ms': `${base.p50} / ${base.p99}`,
    ratio: (mine.rps / base.rps).toFixed(2),
    errors: mine.errors,
  };
}

// A page of 100 suppliers with 300 invoices each, every invoice on its own term above the legal limit:
// a list item puts those together per term, so the page stays small however many invoices there are.
const BIG = 100;
await (async () => {
  const client = await new MongoClient(api.mongoUrl).connect();
  const d = client.db();
  await d.collection('suppliers').insertMany(
    Array.from({ length: BIG }, (_, i) => ({
      supplierId: `BIG${i}`,
      name: `Big invoicer ${i}`,
      country: 'NL',
      employees: 20,
      paymentTermsDays: 30,
    })),
  );
  await insertInBatches(d, 'invoices', BIG * 300, (k) => {
    const received = addDays(asOf, -120 + (k % 100));
    return {
      supplierId: `BIG${k % BIG}`,
      invoiceNumber: `B${k}`,
      issueDate: received,
      receivedDate: received,
      dueDate: addDays(received, 75),
      amount: 100_00 + k,
      currency: 'EUR',
    };
  });
  await client.close();
  await connectMongo(api.mongoUrl);
  await recomputeSuppliers(
    Array.from({ length: BIG }, (_, i) => `BIG${i}`),
    asOf,
    org,
  );
  await mongoose.disconnect();
})();
const bigPage = await fetch(`${api.base}/api/v1/suppliers?q=big%20invoicer&limit=100`, { headers: auth });
const bigBody = await bigPage.text();
const bigItems = (JSON.parse(bigBody) as { items: unknown[] }).items.length;
const bigKB = Buffer.byteLength(bigBody) / 1024;

await killHard(baseline);
await api.stop();
await redis.stop();
console.log(`${connections} connections, ${seconds} s each, as of ${asOf}`);
console.table(rows);
const paged = rows.slice(0, 4).every((r) => Number(r.ratio) >= 0.3);
const notModified = Number(rows[4].ratio) >= 0.8;
const p99 = rows.every((r) => Number(String(r['p50 / p99 ms']).split(' / ')[1]) < 100);
const clean = rows.every((r) => r.errors === 0);
console.log(`a ranking page of ${bigItems} suppliers with 300 invoices each, every one on an unlawful term: ${bigKB.toFixed(1)} KB`);
console.log(
  `targets: paged calls >= 0.3x: ${paged ? 'MET' : 'MISSED'}; 304 >= 0.8x: ${notModified ? 'MET' : 'MISSED'}; p99 < 100 ms: ${p99 ? 'MET' : 'MISSED'}; no errors: ${clean ? 'MET' : 'MISSED'}; page of 100 suppliers with 300 invoices each < 150 KB: ${bigItems === BIG && bigKB < 150 ? 'MET' : 'MISSED'} (${bigKB.toFixed(1)} KB)`,
);
