/**
 * Bank files at scale. A SEPA credit-transfer file of 10,000 transfers (default): written, and
 * validated against the EPC's schema with xmllint, against 2 s; the baseline is the same transfers
 * written as JSON. A camt.053 statement of 50,000 debits (default) imported through the service on
 * the embedded database and matched (by IBAN, amount and invoice number: the path that reads the
 * most), against 5,000 entries/s; the baseline is the statement's own parse.
 *
 *   npx tsx bench/bank-files.ts [--transfers 10000] [--entries 50000]
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { ibanOf } from '../src/domain/iban.ts';
import { pain001 } from '../src/domain/sepa/pain001.ts';
import { readCamt053 } from '../src/import/bank-statements/camt053.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { importBankStatement } from '../src/services/payment-runs/statements.ts';
import { camt053, xmllintErrors } from '../test/support/bank-files.ts';
import { killHard } from '../test/support/spawn.ts';
import { peakRssMiB, perSecond, timed } from './lib/measure.ts';
import { startBenchDb } from './lib/seed.ts';

const { values } = parseArgs({
  options: { transfers: { type: 'string', default: '10000' }, entries: { type: 'string', default: '50000' } },
});
const T = Number(values.transfers);
const E = Number(values.entries);
const ORG_IBAN = ibanOf('NL', 'INGB0001234567');
const ibanOfSupplier = (s: number) => ibanOf('NL', `RABO${String(1_000_000_000 + s)}`);

// 1. pain.001
const transfers = Array.from({ length: T }, (_, i) => ({
  endToEndId: `T6b16aa00000000000000aa00-${i + 1}`,
  amount: 1_000 + ((i * 7919) % 5_000_000),
  creditorName: `Leverancier ${i} & Zonen B.V.`,
  creditorIban: ibanOfSupplier(i),
  remittance: { text: `Facturen F-${i}-1 F-${i}-2 F-${i}-3` },
}));
const file = {
  messageId: 'TIJDIG-BENCH',
  createdAt: '2026-12-07T10:00:00+01:00',
  executionDate: '2026-12-08',
  debtor: { name: 'Gemeente Voorbeeld', iban: ORG_IBAN },
};
const json = await timed(async () => JSON.stringify({ ...file, transfers }));
const written = await timed(async () => pain001({ ...file, transfers }));
const validated = await timed(async () => xmllintErrors(written.value, 'pain.001.001.09.xsd'));
if (validated.value) throw new Error(`the file does not validate: ${validated.value.slice(0, 500)}`);
const painMs = written.ms + validated.ms;

// 2. camt.053: suppliers with IBANs, 5 open invoices each; each debit pays one, named in its text.
const S = Math.ceil(E / 5);
const { child, uri } = await startBenchDb();
const client = await new MongoClient(uri).connect();
const d = client.db('bench');
for (let i = 0; i < S; i += 10_000)
  await d.collection('suppliers').insertMany(
    Array.from({ length: Math.min(10_000, S - i) }, (_, j) => ({
      supplierId: `S${i + j}`,
      name: `Leverancier ${i + j}`,
      iban: ibanOfSupplier(i + j),
    })),
  );
const amountOf = (k: number) => 1_000 + ((k * 104_729) % 2_000_000);
for (let i = 0; i < E; i += 10_000)
  await d.collection('invoices').insertMany(
    Array.from({ length: Math.min(10_000, E - i) }, (_, j) => {
      const k = i + j;
      return {
        supplierId: `S${k % S}`,
        invoiceNumber: `F-${k}`,
        issueDate: '2026-10-01',
        dueDate: '2026-11-01',
        amount: amountOf(k),
        currency: 'EUR',
      };
    }),
    { ordered: false },
  );
await connectMongo(uri);
await mongoose.connection.syncIndexes();
const xml = camt053({
  iban: ORG_IBAN,
  statementId: 'BENCH-1',
  entries: Array.from({ length: E }, (_, k) => ({
    amount: amountOf(k),
    creditorIban: ibanOfSupplier(k % S),
    creditorName: `Leverancier ${k % S}`,
    remittance: `Factuur F-${k}`,
    bookingDate: '2026-12-08',
  })),
});
const parsed = await timed(() => readCamt053(Readable.from([Buffer.from(xml)])));
const by = { userId: 'bench', email: 'bench', at: new Date() };
const imported = await timed(() =>
  importBankStatement(Readable.from([Buffer.from(xml)]), 'bench.xml', by, {
    orgIban: ORG_IBAN,
    recomputeSuppliers: async () => {},
    confirmed: async () => {},
  }),
);
const s = imported.value.statements[0];
const paid = await d.collection('invoices').countDocuments({ paidFrom: 'bank' });
await mongoose.disconnect();
await client.close();
const dbRss = peakRssMiB(child.pid!);
await killHard(child);

console.log(`pain.001: ${T.toLocaleString('en')} transfers, ${(written.value.length / 1024 / 1024).toFixed(1)} MiB`);
console.table([
  { step: 'the same transfers as JSON (baseline)', ms: json.ms.toFixed(0), 'vs baseline': '1.00' },
  { step: 'pain.001 written', ms: written.ms.toFixed(0), 'vs baseline': (written.ms / json.ms).toFixed(2) },
  { step: 'validated against the EPC schema (xmllint)', ms: validated.ms.toFixed(0), 'vs baseline': (validated.ms / json.ms).toFixed(2) },
]);
console.log(
  `camt.053: ${E.toLocaleString('en')} debits, ${(xml.length / 1024 / 1024).toFixed(1)} MiB, over ${S.toLocaleString('en')} suppliers`,
);
console.table([
  { step: 'parse only (baseline)', seconds: (parsed.ms / 1000).toFixed(2), 'entries/s': perSecond(E, parsed.ms), 'vs baseline': '1.00' },
  {
    step: 'import: parse, match, mark paid (embedded database)',
    seconds: (imported.ms / 1000).toFixed(2),
    'entries/s': perSecond(E, imported.ms),
    'vs baseline': (parsed.ms / imported.ms).toFixed(2),
  },
]);
console.log(
  `matched ${s.counts.matched.toLocaleString('en')} of ${s.counts.debits.toLocaleString('en')}, ${paid.toLocaleString('en')} invoices marked paid; peak RSS (MiB): bench ${peakRssMiB()}, database ${dbRss}`,
);
console.log(
  `targets: pain.001 of ${T.toLocaleString('en')} written and validated under 2 s: ${painMs < 2000 ? 'MET' : 'MISSED'} (${(painMs / 1000).toFixed(2)} s); camt.053 imported and matched at >= 5000 entries/s: ${perSecond(E, imported.ms) >= 5000 ? 'MET' : 'MISSED'} (${perSecond(E, imported.ms)}/s); every debit matched: ${s.counts.matched === E && paid === E ? 'MET' : 'MISSED'}`,
);
