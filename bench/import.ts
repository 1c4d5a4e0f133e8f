/**
 * Import throughput on a generated Dutch-format invoice file (default 1,000,000 rows, ~120 MB):
 *   1. raw csv-parse rows/s over the file (the baseline),
 *   2. tijdig's parse + validate rows/s (decode, columns, amounts, dates, checks; no database),
 *   3. end-to-end import rows/s on the embedded server (upload to GridFS, analysis pass, write pass),
 *   4. peak RSS of the importing process (its own process, as a worker) and of the database process.
 *
 *   npx tsx bench/import.ts [--rows 1000000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { analyze } from '../src/import/analyze.ts';
import { readCsv } from '../src/import/source.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { peakRssMiB, perSecond, timed } from './lib/measure.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-import-'));
const file = path.join(dir, 'facturen.csv');

// 1. A Dutch ERP export: semicolons, 1.234,56, DD-MM-YYYY, Dutch headers.
{
  const out = fs.createWriteStream(file);
  const euros = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  out.write('Crediteur;Factuurnummer;Factuurdatum;Ontvangstdatum;Vervaldatum;Bedrag;Valuta;Betaaldatum;Status;Omschrijving\r\n');
  let buf = '';
  for (let i = 1; i <= ROWS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const paid = i % 3 === 0 ? `${day}-${String(((i + 1) % 12) + 1).padStart(2, '0')}-2025` : '';
    buf += `LEV${String(i % 10_000).padStart(5, '0')};F2025-${String(i).padStart(7, '0')};${day}-${month}-2025;${day}-${month}-2025;;${euros.format(((i * 7919) % 5_000_000) / 100)};EUR;${paid};${paid ? 'betaald' : 'open'};Levering week ${i % 52} project ${i % 977}\r\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}
const size = fs.statSync(file).size;
console.log(`generated ${ROWS.toLocaleString('en')} rows, ${(size / 1024 / 1024).toFixed(1)} MiB`);

// 2. Baseline: csv-parse alone.
const raw = await timed(async () => {
  let n = 0;
  for await (const _ of fs.createReadStream(file).pipe(parse({ delimiter: ';' }))) n++;
  return n;
});

// 3. tijdig's parse + validate, no database.
const analysis = await analyze(() => fs.createReadStream(file), 'invoices', {}, 'nl', 'EUR');
const validate = await timed(async () => {
  let ok = 0;
  let header = true;
  for await (const records of readCsv(fs.createReadStream(file), analysis.encoding, analysis.delimiter))
    for (const rec of records) {
      if (header) {
        header = false;
        continue;
      }
      const r = analysis.reader.convert(rec.fields, rec.line, analysis.decisions);
      if (!Array.isArray(r)) ok++;
    }
  return ok;
});
if (validate.value !== ROWS) throw new Error(`validation rejected ${ROWS - validate.value} rows`);

// 4. End to end on the embedded server (its own process, journaled, as `npm start` runs it).
const db = spawnTs('embedded-db/main.ts', ['--port', '0', '--data', path.join(dir, 'db')], {}, { hostsDatabase: true });
const port = await waitForJsonLine(db, (v) => (typeof v.listening === 'number' ? v.listening : undefined));
db.stderr?.on('data', (d) => process.stderr.write(`[database] ${d}`));
db.on('exit', (code, signal) => {
  if (code !== null && code !== 0) console.error(`the database process exited with ${code ?? signal}`);
});
// The import runs in a process of its own, as in a worker, so its peak RSS is the importer's alone.
const importer = spawnTs('bench/lib/import-once.ts', [`mongodb://127.0.0.1:${port}/bench`, file]);
importer.stderr?.on('data', (d) => process.stderr.write(`[importer] ${d}`));
const e2e = await waitForJsonLine(
  importer,
  (v) => (typeof v.ms === 'number' ? (v as { ms: number; counts: { inserted: number }; peakRssMiB: number }) : undefined),
  1_800_000,
);
const counts = e2e.counts;
if (counts.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${JSON.stringify(counts)}`);
const importerRss = e2e.peakRssMiB;
const benchRss = peakRssMiB();
const dbRss = peakRssMiB(db.pid!);
await killHard(importer);
await killHard(db);
fs.rmSync(dir, { recursive: true, force: true });

const rawRate = perSecond(raw.value, raw.ms);
const validateRate = perSecond(ROWS, validate.ms);
const e2eRate = perSecond(ROWS, e2e.ms);
console.table([
  { step: 'raw csv-parse (baseline)', 'rows/s': rawRate, seconds: (raw.ms / 1000).toFixed(1), 'vs baseline': '1.00' },
  {
    step: 'parse + validate',
    'rows/s': validateRate,
    seconds: (validate.ms / 1000).toFixed(1),
    'vs baseline': (validateRate / rawRate).toFixed(2),
  },
  {
    step: 'end-to-end import (embedded DB)',
    'rows/s': e2eRate,
    seconds: (e2e.ms / 1000).toFixed(1),
    'vs baseline': (e2eRate / rawRate).toFixed(2),
  },
]);
console.log(
  `peak RSS: importer ${importerRss} MiB (its own process: upload, analysis, writes), embedded database ${dbRss} MiB (holds all ${ROWS.toLocaleString('en')} invoices in memory), bench process ${benchRss} MiB (generation, baseline, parse + validate)`,
);
console.log(
  `targets: parse+validate >= 0.5x raw: ${validateRate >= 0.5 * rawRate ? 'MET' : 'MISSED'}; end-to-end >= 25000 rows/s: ${e2eRate >= 25_000 ? 'MET' : 'MISSED'}; importer peak RSS < 400 MB: ${importerRss * 1.048576 < 400 ? 'MET' : 'MISSED'}`,
);
