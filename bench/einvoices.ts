/**
 * E-invoices at volume: a zip of UBL invoices (default 10,000, from 500 suppliers, half of them known
 * by VAT number) imported on the embedded database, against parsing the same documents only:
 *   1. parse only: every document of the zip read into its business terms (the baseline),
 *   2. import: the upload stored, turned into one CSV line per document, the import job run (suppliers
 *      found or made, invoices written), documents/s.
 *
 *   npx tsx bench/einvoices.ts [--documents 10000]
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { readEInvoice } from '../src/import/einvoice/as-csv.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { ImportModel } from '../src/persistence/imports/import.model.ts';
import { runImport } from '../src/services/import-runner.ts';
import { createImport } from '../src/services/imports.ts';
import { einvoice } from '../test/support/einvoices.ts';
import { killHard } from '../test/support/spawn.ts';
import { zipOf } from '../test/support/zip.ts';
import { timed } from './lib/measure.ts';
import { startBenchDb } from './lib/seed.ts';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '10000' } } });
const N = Number(values.documents);
const SUPPLIERS = Math.min(500, N);
const template = einvoice('ubl-invoice-nl.xml').toString();
const vat = (s: number) => `NL${String(100_000_000 + s).slice(0, 9)}B01`;

const documents: Array<[string, string]> = [];
for (let i = 0; i < N; i++) {
  const s = i % SUPPLIERS;
  const xml = template
    .replace('JV-2025-0417', `INV-${i}`)
    .replace('NL001234567B01', vat(s))
    .replace(
      /<cbc:EndpointID schemeID="0106">12345678<\/cbc:EndpointID>/,
      `<cbc:EndpointID schemeID="0106">${10_000_000 + s}</cbc:EndpointID>`,
    )
    .replace('<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>', `<cbc:CompanyID schemeID="0106">${10_000_000 + s}</cbc:CompanyID>`)
    .replace('Bakkerij Jansen B.V.', `Leverancier ${s} B.V.`)
    .replace(/1234\.56/g, `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}`);
  documents.push([`peppol/${s}/INV-${i}.xml`, xml]);
}
const zip = await zipOf(documents);

// 1. Baseline: the documents parsed, nothing stored.
const parsed = await timed(async () => {
  let n = 0;
  for (const [, xml] of documents) if ((await readEInvoice(Buffer.from(xml))).number) n++;
  return n;
});

// 2. The import on the embedded database, half the suppliers known by their VAT number.
const { child, uri } = await startBenchDb();
await connectMongo(uri);
await mongoose.connection.syncIndexes();
await mongoose.connection
  .db!.collection('suppliers')
  .insertMany(
    Array.from({ length: Math.ceil(SUPPLIERS / 2) }, (_, s) => ({ supplierId: `S${s}`, name: `Leverancier ${s}`, vatNumber: vat(s) })),
  );
const imported = await timed(async () => {
  const { imp } = await createImport({
    input: Readable.from([zip]),
    fileName: 'peppol.zip',
    kind: 'invoices',
    options: {},
    uploadedBy: 'bench',
    limitBytes: 500 * 2 ** 20,
  });
  return runImport(imp._id, { locale: 'nl', baseCurrency: 'EUR', today: '2025-11-20' });
});
const done = imported.value;
const suppliers = await mongoose.connection.db!.collection('suppliers').countDocuments();
await ImportModel.deleteMany({});
await mongoose.disconnect();
await killHard(child);

const parseRate = Math.round((N / parsed.ms) * 1000);
const importRate = Math.round((N / imported.ms) * 1000);
console.log(
  `${N.toLocaleString('en')} UBL invoices, zip ${(zip.length / 2 ** 20).toFixed(1)} MiB, ${SUPPLIERS} suppliers (half known by VAT number)`,
);
console.table([
  { step: 'parse only (baseline)', seconds: (parsed.ms / 1000).toFixed(2), 'documents/s': parseRate, 'vs baseline': '1.00' },
  {
    step: 'import: store, convert, find suppliers, write (embedded database)',
    seconds: (imported.ms / 1000).toFixed(2),
    'documents/s': importRate,
    'vs baseline': (importRate / parseRate).toFixed(2),
  },
]);
console.log(
  `imported ${done.counts.inserted.toLocaleString('en')}, rejected ${done.counts.rejected}; suppliers afterwards ${suppliers}; ${done.detected?.notes.at(-1) ?? ''}`,
);
console.log(
  `target: ${N.toLocaleString('en')} UBL invoices in a zip imported at >= 1,000 documents/s: ${importRate >= 1000 && done.counts.inserted === N ? 'MET' : 'MISSED'} (${importRate.toLocaleString('en')}/s)`,
);
