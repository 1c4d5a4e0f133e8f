/**
 * The supplier status page under load: a supplier with 200 invoices, its page served by a real
 * `tijdig start api` process (embedded database in-process, the zero-setup default), against plain
 * express serving the same HTML from memory (the baseline), each at 64 loopback connections.
 *
 *   npx tsx bench/status-page.ts [--seconds 15] [--connections 64] [--invoices 200]
 * Needs Redis (REDIS_URL or 127.0.0.1:6379, else a private redis-server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { todayIn } from '../src/domain/dates.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { InvoiceModel } from '../src/persistence/invoices/invoice.model.ts';
import { SupplierModel } from '../src/persistence/suppliers/supplier.model.ts';
import { redisAnswers, spawnRedis } from '../src/runtime/redis-server.ts';
import { createStatusLink } from '../src/services/status-links.ts';
import { bigSupplierInvoices } from '../test/support/big-supplier.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { startApi } from './lib/api-process.ts';
import { peakRssMiB } from './lib/measure.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    invoices: { type: 'string', default: '200' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const privateRedis = (await redisAnswers(redisUrl)) ? null : await spawnRedis();
if (privateRedis) redisUrl = privateRedis.url;

const api = await startApi(redisUrl, 'status');
const base = api.base;

// Seed one supplier with its invoices through the API process's own database.
await connectMongo(api.mongoUrl);
await SupplierModel.create({ supplierId: 'BIG', name: 'Groothandel Van der Berg BV', paymentTermsDays: 30, employees: 8, country: 'NL' });
await InvoiceModel.collection.insertMany(bigSupplierInvoices('BIG', Number(values.invoices), todayIn('Europe/Amsterdam')));
const { url } = await createStatusLink('BIG', { days: 1, by: 'bench', publicUrl: base });
await mongoose.disconnect();

const first = await fetch(url, { headers: { 'accept-language': 'nl' } });
const html = await first.text();
if (first.status !== 200) throw new Error(`status page answered ${first.status}`);
const htmlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-html-')), 'page.html');
fs.writeFileSync(htmlFile, html);

const baseline = spawnTs('bench/lib/static-html-server.ts', [htmlFile]);
const basePort = await waitForJsonLine(baseline, (v) => (typeof v.listening === 'number' ? v.listening : undefined));

async function load(target: string) {
  // A short warm-up so both servers run optimised code when measured.
  await autocannon({ url: target, connections, duration: Math.min(2, seconds), headers: { 'accept-language': 'nl' } });
  const r = await autocannon({ url: target, connections, duration: seconds, headers: { 'accept-language': 'nl' } });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    total: r.requests.total,
  };
}

const staticRun = await load(`http://127.0.0.1:${basePort}/`);
const pageRun = await load(url);
const rss = { api: peakRssMiB(api.child.pid!), baseline: peakRssMiB(baseline.pid!) };
await killHard(baseline);
await api.stop();
await privateRedis?.stop();

const ratio = pageRun.rps / staticRun.rps;
console.log(
  `status page of ${values.invoices} invoices: ${Buffer.byteLength(html).toLocaleString('en')} bytes; ${connections} connections, ${seconds} s each (invoices of the last year, all listed)`,
);
console.table([
  {
    server: 'express, same HTML from memory (baseline)',
    'req/s': Math.round(staticRun.rps),
    'p50 ms': staticRun.p50,
    'p99 ms': staticRun.p99,
    errors: staticRun.errors,
    requests: staticRun.total,
  },
  {
    server: 'tijdig status page',
    'req/s': Math.round(pageRun.rps),
    'p50 ms': pageRun.p50,
    'p99 ms': pageRun.p99,
    errors: pageRun.errors,
    requests: pageRun.total,
  },
]);
console.log(`peak RSS (MiB): api ${rss.api}, baseline ${rss.baseline}`);
console.log(
  `targets: status page >= 0.25x the baseline's throughput: ${ratio >= 0.25 ? 'MET' : 'MISSED'} (${ratio.toFixed(2)}x); no errors: ${pageRun.errors === 0 ? 'MET' : 'MISSED'}`,
);
