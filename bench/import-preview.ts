/**
 * The mapping step on a large file: how long a person waits for tijdig to find a stored upload's
 * columns and to show the preview, on a generated 1,000,000-row export with columns it does not know.
 * The file is stored in GridFS on the embedded database first, as an upload is; then, each the median
 * of 5 runs:
 *   1. reading the first rows: the upload's head from GridFS, parsed (the baseline),
 *   2. column detection: head, encoding and delimiter, header, the saved or ERP profile, the mapping
 *      (what an upload does before it is queued or asks),
 *   3. the preview: the same file's first rows read with a mapping, converted, the rejected ones why,
 *   4. for scale: reading the whole file once (what it would cost if the preview read every row).
 *
 *   npx tsx bench/import-preview.ts [--rows 1000000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { mapColumns } from '../src/import/columns.ts';
import { previewUpload } from '../src/import/preview.ts';
import { headerOf, readCsv, readHead, sniff } from '../src/import/source.ts';
import { connectMongo } from '../src/persistence/connection.ts';
import { openUpload, storeUpload } from '../src/persistence/imports/uploads.ts';
import { chooseProfile } from '../src/services/import-profiles.ts';
import { killHard } from '../test/support/spawn.ts';
import { timed } from './lib/measure.ts';
import { startBenchDb } from './lib/seed.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const RUNS = 5;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-preview-'));
const file = path.join(dir, 'export.csv');

// An export whose columns no alias or profile knows.
{
  const out = fs.createWriteStream(file);
  out.write('Lev;Nummer;Datum;Te betalen op;Totaal;Munt;Omschr\r\n');
  let buf = '';
  for (let i = 1; i <= ROWS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    buf += `LEV${String(i % 10_000).padStart(5, '0')};U-${i};${day}-${month}-2025;${day}-${month}-2026;${(i % 50_000) + 1},${String(i % 100).padStart(2, '0')};EUR;Levering ${i % 977}\r\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}
const size = fs.statSync(file).size;

const { child, uri } = await startBenchDb();
await connectMongo(uri);
const stored = await timed(() => storeUpload(fs.createReadStream(file), 'export.csv', 2 ** 40));
const fileId = stored.value.fileId;
const open = () => openUpload(fileId);

async function median(fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push((await timed(fn)).ms);
  return ms.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

const headRows = 11;
const firstRows = await median(async () => {
  const head = await readHead(open(), 512 * 1024);
  let n = 0;
  for await (const batch of readCsv(Readable.from([head]), 'utf-8', ';')) {
    n += batch.length;
    if (n >= headRows) break;
  }
});

let header: string[] = [];
const detection = await median(async () => {
  const head = await readHead(open());
  const sniffed = sniff(head);
  header = await headerOf(head, sniffed.looksUtf8 ? 'utf-8' : 'windows-1252', sniffed.delimiter);
  const profile = await chooseProfile('invoices', header);
  return mapColumns('invoices', header, profile?.mapping);
});

const mapping = {
  Lev: 'supplierId',
  Nummer: 'invoiceNumber',
  Datum: 'issueDate',
  'Te betalen op': 'dueDate',
  Totaal: 'amount',
  Munt: 'currency',
};
let shown = 0;
const preview = await median(async () => {
  const p = await previewUpload(open, 'invoices', { mapping }, 'nl', 'EUR', 10);
  shown = p.rows.filter((r) => !Array.isArray(r.result)).length;
});

const whole = await timed(async () => {
  let n = 0;
  for await (const batch of readCsv(open(), 'utf-8', ';')) n += batch.length;
  return n;
});

await mongoose.disconnect();
await killHard(child);
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  `${ROWS.toLocaleString('en')} rows, ${(size / 1024 / 1024).toFixed(1)} MiB, stored in GridFS in ${(stored.ms / 1000).toFixed(1)} s; columns: ${header.join(', ')}`,
);
console.table([
  { step: `reading the first ${headRows - 1} rows (baseline)`, ms: firstRows.toFixed(1), 'vs baseline': '1.00' },
  {
    step: 'column detection (head, formats, header, profile, mapping)',
    ms: detection.toFixed(1),
    'vs baseline': (detection / firstRows).toFixed(2),
  },
  { step: `the preview (${shown} of 10 rows read as valid)`, ms: preview.toFixed(1), 'vs baseline': (preview / firstRows).toFixed(2) },
  {
    step: `reading every row once (${whole.value.toLocaleString('en')} records)`,
    ms: whole.ms.toFixed(0),
    'vs baseline': (whole.ms / firstRows).toFixed(0),
  },
]);
const answer = detection + preview;
console.log(
  `target: column detection and the preview of a ${ROWS.toLocaleString('en')}-row file answer in under 1 s: ${answer < 1000 && shown === 10 ? 'MET' : 'MISSED'} (${answer.toFixed(0)} ms)`,
);
