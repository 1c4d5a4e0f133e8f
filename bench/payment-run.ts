/**
 * The payment-run proposal at scale: 10,000 suppliers and 500,000 open invoices (defaults). Reports,
 * in one run: the proposal computed in memory; the same through the service on the embedded
 * database, cold (loading every invoice included) and as a person meets it (the inputs loaded and
 * the basis worked out ahead, as opening the run's form starts, then a second proposal with another
 * budget); and the harm removed against paying the oldest due date first and the largest amount
 * first under the same budget.
 *
 *   npx tsx bench/payment-run.ts [--invoices 500000] [--suppliers 10000] [--budget 25000000]
 */
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/env.ts';
import { addDays, todayIn } from '../src/domain/dates.ts';
import { resolveInvoice } from '../src/domain/invoice.ts';
import { proposePaymentRun } from '../src/domain/payment-run.ts';
import { shippedTable } from '../src/domain/rates/rate-table.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { orgSettings } from '../src/services/org-settings.ts';
import { forgetRunInputs, prepareRunInputs, proposeRun } from '../src/services/payment-runs/proposal.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { liveHeapMiB, peakRssMiB, timed } from './lib/measure.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '500000' },
    suppliers: { type: 'string', default: '10000' },
    budget: { type: 'string', default: '25000000' },
  },
});
const N = Number(values.invoices);
const S = Number(values.suppliers);
const budget = Number(values.budget) * 100;
const asOf = todayIn('Europe/Amsterdam');
const org = orgSettings(loadConfig({}));

const suppliers = Array.from({ length: S }, (_, s) => ({
  supplierId: `S${s}`,
  name: `Supplier ${s}`,
  country: 'NL',
  employees: [3, 8, 30, 120, 600][s % 5],
  annualRevenue: ((s % 50) + 1) * 200_000_00,
  revenueCurrency: 'EUR',
  paymentTermsDays: [14, 30, 45, 60][s % 4],
}));
const raw = Array.from({ length: N }, (_, k) => {
  const issueDate = addDays(asOf, -((k * 7919) % 200));
  return {
    supplierId: `S${k % S}`,
    invoiceNumber: `I${k}`,
    issueDate,
    dueDate: addDays(issueDate, 30),
    amount: 5_000 + ((k * 104_729) % 2_000_000),
    currency: 'EUR',
    ...(k % 13 === 0 ? { status: 'disputed' as const } : k % 5 === 0 ? { status: 'approved' as const } : {}),
  };
});

const inMemory = await timed(async () =>
  proposePaymentRun(
    suppliers,
    raw.map((i) => resolveInvoice(i, null, 30)),
    { budgets: { EUR: budget } },
    { asOf, payDate: asOf, baseCurrency: 'EUR', regime: 'NL', rates: shippedTable('EU'), org: org.profile },
  ),
);

const db = spawnTs('embedded-db/main.ts', ['--port', '0'], {}, { hostsDatabase: true });
const port = await waitForJsonLine(db, (v) => (typeof v.listening === 'number' ? v.listening : undefined));
const uri = `mongodb://127.0.0.1:${port}/bench`;
const client = await new MongoClient(uri).connect();
await client
  .db('bench')
  .collection('suppliers')
  .insertMany(suppliers.map((s) => ({ ...s })));
for (let i = 0; i < N; i += 10_000)
  await client
    .db('bench')
    .collection('invoices')
    .insertMany(
      raw.slice(i, i + 10_000).map((r) => ({ ...r })),
      { ordered: false },
    );
await connectMongo(uri);
forgetRunInputs();
const endToEnd = await timed(async () => proposeRun({ budgets: { EUR: budget } }, { asOf }, org));
forgetRunInputs();
const heapBefore = liveHeapMiB();
const prepared = await timed(async () => prepareRunInputs(org, asOf));
const keptMiB = liveHeapMiB() - heapBefore;
const afterForm = await timed(async () => proposeRun({ budgets: { EUR: budget } }, { asOf }, org));
const another = await timed(async () => proposeRun({ budgets: { EUR: Math.round(budget / 2) } }, { asOf }, org));
forgetRunInputs();
await mongoose.disconnect();
await client.close();
const dbRss = peakRssMiB(db.pid!);
await killHard(db);

const p = inMemory.value;
const open = raw.filter((r) => !('status' in r && r.status === 'disputed')).length;
console.log(
  `${S.toLocaleString('en')} suppliers, ${N.toLocaleString('en')} open invoices (${open.toLocaleString('en')} payable), budget EUR ${(budget / 100).toLocaleString('en')}, as of ${asOf}`,
);
console.table([
  {
    step: 'proposal, in memory',
    seconds: (inMemory.ms / 1000).toFixed(2),
    detail: `${p.payments.length} invoices chosen, method ${p.currencies[0]?.method}`,
  },
  {
    step: 'through the service, cold (load from the embedded database + compute)',
    seconds: (endToEnd.ms / 1000).toFixed(2),
    detail: `${endToEnd.value.payments.length} invoices`,
  },
  {
    step: 'loading ahead (opening the form starts it)',
    seconds: (prepared.ms / 1000).toFixed(2),
    detail: `inputs and basis kept: ${keptMiB} MiB of heap`,
  },
  {
    step: 'through the service, after the form',
    seconds: (afterForm.ms / 1000).toFixed(2),
    detail: `${afterForm.value.payments.length} invoices, same as cold: ${afterForm.value.harmRemoved === endToEnd.value.harmRemoved && afterForm.value.payments.length === endToEnd.value.payments.length}`,
  },
  {
    step: 'through the service, another budget (half)',
    seconds: (another.ms / 1000).toFixed(2),
    detail: `${another.value.payments.length} invoices`,
  },
]);
console.table([
  { selection: 'harm-aware proposal', 'harm removed': p.harmRemoved, 'vs proposal': '1.00' },
  ...p.rules.map((r) => ({ selection: r.rule, 'harm removed': r.harmRemoved, 'vs proposal': (r.harmRemoved / p.harmRemoved).toFixed(2) })),
]);
console.log(
  `before → after: overdue EUR ${(p.before.overdue.EUR / 100).toFixed(2)} → ${(p.after.overdue.EUR / 100).toFixed(2)}; critical ${p.before.suppliersByLevel.critical} → ${p.after.suppliersByLevel.critical}, high ${p.before.suppliersByLevel.high} → ${p.after.suppliersByLevel.high}; payer score ${p.before.payerScore} → ${p.after.payerScore}`,
);
console.log(`peak RSS (MiB): bench ${peakRssMiB()}, database ${dbRss}`);
const felt = Math.max(afterForm.ms, another.ms);
console.log(
  `targets: proposal in memory under 5 s: ${inMemory.ms < 5000 ? 'MET' : 'MISSED'} (${(inMemory.ms / 1000).toFixed(2)} s); through the service under 2 s, loading done ahead: ${felt < 2000 ? 'MET' : 'MISSED'} (${(felt / 1000).toFixed(2)} s); through the service under 2 s, cold: ${endToEnd.ms < 2000 ? 'MET' : 'MISSED'} (${(endToEnd.ms / 1000).toFixed(2)} s); never less harm removed than either rule: ${p.rules.every((r) => p.harmRemoved >= r.harmRemoved) ? 'MET' : 'MISSED'}`,
);
