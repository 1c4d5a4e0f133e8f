/**
 * The supplier status page under load: a supplier with 200 invoices, its page served by a real
 * `tijdig start api` process (embedded database in-process, the zero-setup default), against plain
 * express serving the same HTML from memory (the baseline), each at 64 loopback connections.
 *
 *   npx tsx bench/status-page.ts [--seconds 15] [--connections 64] [--invoices 200]
 * Needs Redis (REDIS_URL or 127.0.0.1:6379, else a private redis-server).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { todayIn } from '../src/domain/dates';
import { connectMongo } from '../src/persistence/connection';
import { InvoiceModel } from '../src/persistence/invoices/invoice.model';
import { SupplierModel } from '../src/persistence/suppliers/supplier.model';
import { readDescriptor } from '../src/runtime/descriptor';
import { redisAnswers, spawnRedis } from '../src/runtime/redis-server';
import { createStatusLink } from '../src/services/status-links';
import { bigSupplierInvoices } from '../test/support/big-supplier';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn';
import { peakRssMiB } from './lib/measure';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    invoices: { type: 'string', default: '200' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const privateRedis = (await redisAnswers(redisUrl)) ? null : await spawnRedis();
if (privateRedis) redisUrl = privateRedis.url;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-status-'));
const port = await freePort();
const api = spawnTs('src/cli/main.ts', ['start', 'api'], {
  TIJDIG_DATA_DIR: dataDir,
  PORT: String(port),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `tijdig-bench-${process.pid}`,
  // Request logs off: the bench measures the page, not writing a log line per request to a pipe.
  LOG_LEVEL: 'warn',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 300) throw new Error('the API did not become ready');
  await new Promise((r) => setTimeout(r, 100));
}

// Seed one supplier with its invoices through the API process's own database.
const running = readDescriptor(dataDir);
if (!running) throw new Error('no runtime descriptor from the API process');
await connectMongo(running.mongoUrl);
await SupplierModel.create({ supplierId: 'BIG', name: 'Groothandel Van der Berg BV', paymentTermsDays: 30, employees: 8, country: 'NL' });
await InvoiceModel.collection.insertMany(bigSupplierInvoices('BIG', Number(values.invoices), todayIn('Europe/Amsterdam')));
const { url } = await createStatusLink('BIG', { days: 1, by: 'bench', publicUrl: base });
await mongoose.disconnect();

const first = await fetch(url, { headers: { 'accept-language': 'nl' } });
const html = await first.text();
if (first.status !== 200) throw new Error(`status page answered ${first.status}`);
const htmlFile = path.join(dataDir, 'page.html');
fs.writeFileSync(htmlFile, html);

const baseline = spawnTs('bench/lib/static-html-server.ts', [htmlFile]);
const basePort = await waitForJsonLine(baseline, (v) => (typeof v.listening === 'number' ? v.listening : undefined));

async function load(target: string) {
  // A short warm-up so both servers run optimised code when measured.
  await autocannon({ url: target, connections, duration: 2, headers: { 'accept-language': 'nl' } });
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
const rss = { api: peakRssMiB(api.pid!), baseline: peakRssMiB(baseline.pid!) };
await killHard(baseline);
await killHard(api);
await privateRedis?.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

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
console.log(`target: status page >= 0.25x the baseline's throughput: ${ratio >= 0.25 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`);
