/**
 * Excel import: how fast a workbook becomes the CSV the import reads, and in how much memory.
 *   1. raw csv-parse rows/s over the same rows saved as CSV (the baseline),
 *   2. exceljs's streaming reader over the workbook, rows/s (the reader tijdig used before; see
 *      src/import/xlsx/workbook-csv.ts for why it went),
 *   3. workbook → CSV rows/s (zip central directory, shared strings and styles, the sheet streamed),
 *      in a process of its own, with that process's peak RSS.
 * The workbook is written by exceljs's streaming writer: shared strings, a date style, 8 columns.
 *
 *   npx tsx bench/xlsx.ts [--rows 200000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { xlsxAsCsv } from '../src/import/xlsx/workbook-csv.ts';
import { killHard, spawnTs, waitForJsonLine } from '../test/support/spawn.ts';
import { peakRssMiB, perSecond, timed } from './lib/measure.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, convert: { type: 'string' } } });

/** Child mode: convert one workbook, print its figures as a JSON line. */
async function convert(file: string): Promise<void> {
  const size = fs.statSync(file).size;
  const source = (start: number, end: number) => fs.createReadStream(file, { start, end: end - 1 });
  const run = await timed(async () => {
    let lines = 0;
    for await (const chunk of xlsxAsCsv(source, size, { maxPartBytes: 200 * 2 ** 20 })) {
      // Counted with indexOf, not a character at a time: the count is not what is being timed.
      const text = String(chunk);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    }
    return lines;
  });
  console.log(JSON.stringify({ ms: run.ms, lines: run.value, peakRssMiB: peakRssMiB() }));
}

if (values.convert) {
  await convert(values.convert);
  process.exit(0);
}

const ROWS = Number(values.rows);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-bench-xlsx-'));
const book = path.join(dir, 'facturen.xlsx');
const csvFile = path.join(dir, 'facturen.csv');

const header = ['Crediteur', 'Factuurnummer', 'Factuurdatum', 'Vervaldatum', 'Bedrag', 'Valuta', 'Status', 'Omschrijving'];
function row(i: number): [string, string, Date, Date, number, string, string, string] {
  const issued = new Date(Date.UTC(2025, i % 12, (i % 28) + 1));
  return [
    `LEV${String(i % 10_000).padStart(5, '0')}`,
    `F2025-${String(i).padStart(7, '0')}`,
    issued,
    new Date(issued.getTime() + 30 * 86_400_000),
    ((i * 7919) % 5_000_000) / 100,
    'EUR',
    i % 3 === 0 ? 'betaald' : 'open',
    `Levering week ${i % 52} project ${i % 977}`,
  ];
}

{
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: book, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Facturen');
  ws.columns = header.map((h, i) => ({ header: h, key: String(i), style: i === 2 || i === 3 ? { numFmt: 'dd-mm-yyyy' } : {} }));
  const out = fs.createWriteStream(csvFile);
  out.write(`${header.join(',')}\n`);
  for (let i = 1; i <= ROWS; i++) {
    const r = row(i);
    ws.addRow(r).commit();
    const line = `${r[0]},${r[1]},${r[2].toISOString().slice(0, 10)},${r[3].toISOString().slice(0, 10)},${r[4]},${r[5]},${r[6]},${r[7]}\n`;
    if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  ws.commit();
  await wb.commit();
  out.end();
  await new Promise<void>((res) => out.once('finish', () => res()));
}
const mib = (f: string) => (fs.statSync(f).size / 2 ** 20).toFixed(1);
console.log(`generated ${ROWS.toLocaleString('en')} rows: workbook ${mib(book)} MiB, the same as CSV ${mib(csvFile)} MiB`);

const raw = await timed(async () => {
  let n = 0;
  for await (const _ of fs.createReadStream(csvFile).pipe(parse({ delimiter: ',' }))) n++;
  return n;
});

// The former reader: rows only, no CSV written, so it is not slower for work the other does.
const former = await timed(async () => {
  try {
    let n = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(book, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache' });
    for await (const ws of reader) for await (const _ of ws as unknown as AsyncIterable<unknown>) n++;
    return n;
  } catch (e) {
    return (e as Error).message;
  }
});

const child = spawnTs('bench/xlsx.ts', ['--convert', book]);
child.stderr?.on('data', (d) => process.stderr.write(`[converter] ${d}`));
const converted = await waitForJsonLine(
  child,
  (v) => (typeof v.ms === 'number' ? (v as { ms: number; lines: number; peakRssMiB: number }) : undefined),
  1_800_000,
);
await killHard(child);
fs.rmSync(dir, { recursive: true, force: true });
if (converted.lines !== ROWS + 1) throw new Error(`expected ${ROWS + 1} CSV lines, got ${converted.lines}`);

const rawRate = perSecond(raw.value, raw.ms);
const rate = perSecond(converted.lines, converted.ms);
const formerRate = typeof former.value === 'number' ? perSecond(former.value, former.ms) : null;
console.table([
  { step: 'raw csv-parse of the same rows (baseline)', 'rows/s': rawRate, seconds: (raw.ms / 1000).toFixed(1), 'vs baseline': '1.00' },
  {
    step: 'exceljs streaming reader, rows only (the former reader)',
    'rows/s': formerRate ?? `failed: ${former.value}`,
    seconds: (former.ms / 1000).toFixed(1),
    'vs baseline': formerRate === null ? '-' : (formerRate / rawRate).toFixed(2),
  },
  { step: 'workbook → CSV', 'rows/s': rate, seconds: (converted.ms / 1000).toFixed(1), 'vs baseline': (rate / rawRate).toFixed(2) },
]);
console.log(`peak RSS of the converting process: ${converted.peakRssMiB} MiB`);
// The import as a whole is to reach 25,000 rows/s (bench/import.ts): at twice that, converting a
// workbook is never what an import waits for.
console.log(
  `targets: workbook → CSV >= 50000 rows/s: ${rate >= 50_000 ? 'MET' : 'MISSED'}; at least as fast as the former reader: ${formerRate === null || rate >= formerRate ? 'MET' : 'MISSED'}; converting process peak RSS < 200 MB: ${converted.peakRssMiB * 1.048576 < 200 ? 'MET' : 'MISSED'}`,
);
