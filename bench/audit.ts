/**
 * What the audit trail costs the API: a write call (a status link made, POST
 * /api/v1/suppliers/:id/status-links, recorded in the trail) and a read call (the import history,
 * not recorded), each at `--connections` for `--seconds`, on a real `tijdig start api` process
 * with the trail on and on one with AUDIT_ENABLED=false (the baseline), in the same run: in turns,
 * off-on-off-on-off, the mean of the turns compared (this machine's speed wanders by a third).
 *
 *   npx tsx bench/audit.ts [--seconds 10] [--connections 16] [--suppliers 500]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { connectMongo } from '../src/persistence/connection.ts';
import { createToken } from '../src/persistence/tokens/token.repository.ts';
import { startApi } from './lib/api-process.ts';
import { benchRedis, benchSuppliers } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    suppliers: { type: 'string', default: '500' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const S = Number(values.suppliers);

const redis = await benchRedis();
async function prepared(name: string, env: Record<string, string>) {
  const api = await startApi(redis.url, name, env);
  const client = await new MongoClient(api.mongoUrl).connect();
  await client.db().collection('suppliers').insertMany(benchSuppliers(S));
  await client.close();
  await connectMongo(api.mongoUrl);
  const token = await createToken(`${name} benchmark`, 'finance', 100_000_000);
  await mongoose.disconnect();
  return { api, auth: { authorization: `Bearer ${token}` } };
}
const on = await prepared('audit-on', {});
const off = await prepared('audit-off', { AUDIT_ENABLED: 'false' });

let k = 0;
async function load(p: Awaited<ReturnType<typeof prepared>>, write: boolean) {
  const opts = write
    ? {
        url: `${p.api.base}/api/v1/suppliers/S1/status-links`,
        method: 'POST' as const,
        headers: { ...p.auth, 'content-type': 'application/json' },
        body: '{}',
        // Each request for another supplier: links pile up on none.
        requests: [
          {
            method: 'POST' as const,
            setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/v1/suppliers/S${k++ % S}/status-links`, body: '{}' }),
          },
        ],
      }
    : { url: `${p.api.base}/api/v1/imports`, headers: p.auth };
  await autocannon({ ...opts, connections, duration: Math.min(2, seconds) });
  const r = await autocannon({ ...opts, connections, duration: seconds });
  const expected = write ? '201' : '200';
  const good = (r.statusCodeStats as Record<string, { count: number }>)[expected]?.count ?? 0;
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.requests.total - good + r.errors + r.timeouts };
}

const rows: Array<Record<string, string | number>> = [];
const ratios: Record<string, number> = {};
for (const write of [true, false]) {
  // In turns, the baseline first and last: a machine that slows down or speeds up meanwhile weighs
  // on both alike.
  const offs = [await load(off, write)];
  const ons = [];
  for (let i = 0; i < 2; i++) {
    ons.push(await load(on, write));
    offs.push(await load(off, write));
  }
  const mean = (xs: Array<{ rps: number }>) => xs.reduce((s, x) => s + x.rps, 0) / xs.length;
  const mine = mean(ons);
  const base = mean(offs);
  const call = write ? 'write: a status link made (recorded)' : 'read: the import history (not recorded)';
  ratios[write ? 'write' : 'read'] = mine / base;
  rows.push({
    call,
    'trail on req/s (each turn)': ons.map((x) => Math.round(x.rps)).join(', '),
    'p99 ms': Math.max(...ons.map((x) => x.p99)),
    'trail off req/s (each turn)': offs.map((x) => Math.round(x.rps)).join(', '),
    ratio: (mine / base).toFixed(2),
    errors: [...ons, ...offs].reduce((s, x) => s + x.errors, 0),
  });
}
const records = await (async () => {
  const c = await new MongoClient(on.api.mongoUrl).connect();
  const n = await c.db().collection('auditTrail').countDocuments();
  await c.close();
  return n;
})();
await on.api.stop();
await off.api.stop();
await redis.stop();

console.log(
  `${S} suppliers; ${connections} connections, ${seconds} s per measurement; ${records.toLocaleString('en')} audit records written`,
);
console.table(rows);
console.log(
  `targets: write calls >= 0.95x without the trail: ${ratios.write >= 0.95 ? 'MET' : 'MISSED'} (${ratios.write.toFixed(2)}); read calls unchanged (>= 0.97x): ${ratios.read >= 0.97 ? 'MET' : 'MISSED'} (${ratios.read.toFixed(2)})`,
);
