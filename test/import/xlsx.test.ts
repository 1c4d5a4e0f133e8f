/** Excel workbooks on the import path: the same detection, validation, errors and idempotence as CSV. */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { parseDate } from '../../src/import/dates.ts';
import { FileRejected } from '../../src/import/source.ts';
import { cellText, columnNumber, isDateFormat, serialToIsoDate } from '../../src/import/xlsx/cells.ts';
import { xlsxAsCsv } from '../../src/import/xlsx/workbook-csv.ts';
import { createImport } from '../../src/services/imports.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { zipOf } from '../support/zip.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Toelichting');
  notes.addRow(['Export uit het ERP, november 2025']);
  const ws = wb.addWorksheet('Facturen');
  ws.addRow(['Crediteur', 'Factuurnummer', 'Factuurdatum', 'Vervaldatum', 'Bedrag', 'Valuta', 'Omschrijving']);
  ws.addRow(['LEV001', 'X-1', new Date(Date.UTC(2025, 2, 3)), new Date(Date.UTC(2025, 3, 2)), 1234.56, 'EUR', 'Brood, "vers"']);
  // A date typed as text, and a due date that is a plain serial number (no date format).
  ws.addRow(['LEV001', 'X-2', '04-03-2025', 45_780, 500, 'EUR', 'Gebak']);
  ws.addRow([
    'LEV002',
    'X-3',
    { formula: 'DATE(2025,3,5)', result: new Date(Date.UTC(2025, 2, 5)) },
    null,
    { formula: '100*2.5', result: 250 },
    'EUR',
    { richText: [{ text: 'Rich ' }, { text: 'text' }] },
  ]);
  ws.addRow(['LEV002', 'X-4', new Date(Date.UTC(2025, 2, 6)), null, 'twaalf', 'EUR', '']);
  ws.getColumn(3).numFmt = 'dd-mm-yyyy';
  ws.getColumn(4).numFmt = 'dd-mm-yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel uploads', () => {
  const app = useApp();
  const upload = (file: Buffer, name: string, sheet = 'Facturen') =>
    app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .field('sheet', sheet)
      .attach('file', file, name);

  it('reads cells as the CSV reader expects them', () => {
    const ctx = { sharedStrings: ['Brood'], dateStyles: [false, true], date1904: false };
    expect(cellText({ type: 'n', value: '45719', style: 1 }, ctx)).toBe('2025-03-03');
    expect(cellText({ type: 'n', value: '45719.99', style: 1 }, ctx)).toBe('2025-03-03');
    expect(cellText({ type: 'n', value: '1234.56', style: 0 }, ctx)).toBe('1234.56');
    expect(cellText({ type: 'n', value: '1.5E3', style: 0 }, ctx)).toBe('1500');
    expect(cellText({ type: 's', value: '0', style: 0 }, ctx)).toBe('Brood');
    expect(() => cellText({ type: 's', value: '7', style: 0 }, ctx)).toThrow(/shared string 7/);
    expect(cellText({ type: 'b', value: '1', style: 0 }, ctx)).toBe('TRUE');
    expect(cellText({ type: 'e', value: '#N/A', style: 0 }, ctx)).toBe('');
    expect(cellText({ type: 'n', value: '', style: 1 }, ctx)).toBe('');
    expect(serialToIsoDate(0, true)).toBe('1904-01-01');
    expect(isDateFormat('[$-413]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('"€" #,##0.00;[Red]-"€" #,##0.00')).toBe(false);
    expect(isDateFormat('#,##0 "dagen"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(columnNumber('A1')).toBe(1);
    expect(columnNumber('AB12')).toBe(28);
    expect(parseDate('45780', 'DMY')).toBe('2025-05-03');
    expect(parseDate('45658', 'DMY')).toBe('2025-01-01');
  });

  it('reads the parts a sheet needs first, whatever order the zip stores them in, also many at once', async () => {
    const original = fs.readFileSync(path.join(FIXTURES, 'libreoffice-facturen.xlsx'));
    const expected = await csvOf(original, 'Facturen');
    expect(expected.split('\n')[0]).toBe('Crediteur,Factuurnummer,Factuurdatum,Vervaldatum,Bedrag,Valuta,Omschrijving');
    const parts = await partsOf(original);
    const names = [...parts.keys()];
    const orders = [
      [...names].reverse(),
      [...names.filter((n) => n.includes('worksheets/')), ...names.filter((n) => !n.includes('worksheets/'))],
      [...names.filter((n) => n !== 'xl/workbook.xml'), 'xl/workbook.xml'],
      ...Array.from({ length: 5 }, () => shuffled(names)),
    ];
    for (const order of orders)
      expect(await csvOf(await zipOf(order.map((n) => [n, parts.get(n) as Buffer])), 'Facturen'), order.join(' ')).toBe(expected);
    // exceljs writes its parts in an order that varies from run to run; its own streaming reader
    // lost the workbook part or the shared strings now and then, most under load.
    const written = await workbook();
    const first = await csvOf(written, 'Facturen');
    const all = await Promise.all(Array.from({ length: 40 }, async () => csvOf(await workbook(), 'Facturen')));
    expect(new Set(all)).toEqual(new Set([first]));
  });

  it('reads inline and rich strings, booleans, errors, 1904 dates, gaps between cells and rows, and prefixed names', async () => {
    const file = await zipOf([
      ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      [
        '_rels/.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/boek.xml"/></Relationships>',
      ],
      [
        'xl/_rels/boek.xml.rels',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
          <Relationship Id="r7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="bladen/een.xml"/>
          <Relationship Id="r8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="woorden.xml"/>
          <Relationship Id="r9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/stijl.xml"/>
          <Relationship Id="rX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/>
        </Relationships>`,
      ],
      [
        'xl/boek.xml',
        `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
          <x:workbookPr date1904="1"/><x:sheets><x:sheet name="Blad &amp; co" sheetId="1" rel:id="r7"/></x:sheets></x:workbook>`,
      ],
      [
        'xl/woorden.xml',
        `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Crediteur</t></si><si><t>Factuurnummer</t></si>
          <si><r><t>Factuur</t></r><r><rPr><b/></rPr><t xml:space="preserve">datum</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>
          <si><t>Bedrag</t></si><si><t><![CDATA[Brood & "vers"]]></t></si></sst>`,
      ],
      [
        'xl/stijl.xml',
        `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="[$-413]d mmmm yyyy"/><numFmt numFmtId="165" formatCode="&quot;€&quot; #,##0.00"/></numFmts>
          <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
          <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
      ],
      [
        'xl/bladen/een.xml',
        `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
          <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>Omschrijving</x:t></x:is></x:c></x:row>
          <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:r><x:t>LEV</x:t></x:r><x:r><x:t>201</x:t></x:r></x:is></x:c><x:c r="B2"><x:v>20250001</x:v></x:c><x:c r="C2" s="1"><x:v>44257</x:v></x:c><x:c r="D2" s="2"><x:f>SUM(1,2)</x:f><x:v>1234.5</x:v></x:c><x:c r="E2" t="s"><x:v>4</x:v></x:c></x:row>
          <x:row r="4"><x:c r="A4" t="str"><x:f>"LEV"&amp;"202"</x:f><x:v>LEV202</x:v></x:c><x:c r="C4" s="3"><x:v>44258</x:v></x:c><x:c r="D4" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="F4" t="b"><x:v>1</x:v></x:c></x:row>
          <x:row r="5"><x:c r="A5" s="1"/><x:c r="B5" s="2"><x:v></x:v></x:c></x:row>
        </x:sheetData></x:worksheet>`,
      ],
    ]);
    expect(await csvOf(file)).toBe(
      [
        'Crediteur,Factuurnummer,Factuurdatum,Bedrag,Omschrijving',
        'LEV201,20250001,2025-03-03,1234.5,"Brood & ""vers"""',
        '',
        'LEV202,,2025-03-04,,,TRUE',
        '',
        '',
      ].join('\n'),
    );
  });

  it('names the cell that refers to a string the workbook lacks, and says what an .xls file is', async () => {
    const broken = (await partsOf(fs.readFileSync(path.join(FIXTURES, 'libreoffice-facturen.xlsx')))) as Map<string, Buffer>;
    const sheet = (broken.get('xl/worksheets/sheet2.xml') as Buffer)
      .toString()
      .replace('<c r="B3" s="0" t="s"><v>', '<c r="B3" s="0" t="s"><v>99');
    broken.set('xl/worksheets/sheet2.xml', Buffer.from(sheet));
    await expect(csvOf(await zipOf([...broken]), 'Facturen')).rejects.toThrow(
      /sheet "Facturen", cell B3: it refers to shared string 99\d*, which the workbook does not have/,
    );
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await expect(csvOf(xls)).rejects.toThrow(
      expect.objectContaining({ code: 'not_xlsx', message: expect.stringMatching(/old Excel file \(\.xls\)/) }),
    );
    await expect(csvOf(Buffer.from('PK\u0003\u0004 no zip'))).rejects.toThrow(FileRejected);
  });

  it('imports the named sheet, with dates, amounts, formulas and rich text; a bad row names its column', { timeout: 120_000 }, async () => {
    const file = await workbook();
    const up = await upload(file, 'facturen.xlsx').expect(202);
    const done = await waitForImport(app, up.body.id, 100_000);
    expect(done).toMatchObject({
      status: 'completed',
      error: null,
      fileName: 'facturen.xlsx',
      counts: { inserted: 3, updated: 0, unchanged: 0, rejected: 1 },
    });
    expect(done.firstErrors).toEqual([expect.objectContaining({ line: 5, column: 'Bedrag', value: 'twaalf' })]);
    const invoices = await mongoose.connection
      .db!.collection('invoices')
      .find({}, { projection: { _id: 0, supplierId: 1, invoiceNumber: 1, issueDate: 1, dueDate: 1, amount: 1 } })
      .sort({ invoiceNumber: 1 })
      .toArray();
    expect(invoices).toEqual([
      { supplierId: 'LEV001', invoiceNumber: 'X-1', issueDate: '2025-03-03', dueDate: '2025-04-02', amount: 123456 },
      { supplierId: 'LEV001', invoiceNumber: 'X-2', issueDate: '2025-03-04', dueDate: '2025-05-03', amount: 50000 },
      { supplierId: 'LEV002', invoiceNumber: 'X-3', issueDate: '2025-03-05', amount: 25000 },
    ]);
    // The same workbook again changes nothing.
    const again = await upload(file, 'facturen.xlsx').expect(202);
    expect(again.body.status).toBe('duplicate');
  });

  it('says when the sheet outgrows the upload limit as CSV, and keeps neither file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Facturen');
    ws.addRow(['Crediteur', 'Factuurnummer', 'Factuurdatum', 'Bedrag', 'Omschrijving']);
    // One long description, stored once as a shared string and compressed: a small workbook, a large CSV.
    for (let i = 1; i <= 2000; i++) ws.addRow(['LEV001', `G-${i}`, '01-03-2025', 10, 'Levering '.repeat(25)]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(file.length).toBeLessThan(100_000);
    const db = mongoose.connection.db!;
    const before = await db.collection('uploads.files').countDocuments();
    await expect(
      createImport({
        input: Readable.from([file]),
        fileName: 'groot.xlsx',
        kind: 'invoices',
        options: {},
        uploadedBy: 'test',
        limitBytes: 100_000,
      }),
    ).rejects.toThrow(/the sheet, as CSV, is larger than the limit of 0 MB \(the workbook itself is 0\.\d MB\)/);
    expect(await db.collection('uploads.files').countDocuments()).toBe(before);
    expect(
      await db
        .collection('uploads.chunks')
        .countDocuments({ files_id: { $nin: (await db.collection('uploads.files').find().toArray()).map((f) => f._id) } }),
    ).toBe(0);
  });

  it('says which sheets there are when the named one is missing, and refuses a file that is not a workbook', async () => {
    const missing = await upload(await workbook(), 'facturen.xlsx', 'Blad9').expect(400);
    expect(missing.body.error).toMatchObject({
      code: 'no_sheet',
      message: expect.stringMatching(/no sheet named "Blad9"; it has "Toelichting", "Facturen"/),
    });
    const broken = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from('PK\u0003\u0004 this is no zip'), 'kapot.xlsx')
      .expect(400);
    expect(broken.body.error.code).toBe('not_xlsx');
  });

  it('imports a workbook saved by LibreOffice Calc: shared strings, its own date and currency formats, formulas', async () => {
    const file = fs.readFileSync(path.join(FIXTURES, 'libreoffice-facturen.xlsx'));
    const up = await upload(file, 'libreoffice-facturen.xlsx').expect(202);
    const done = await waitForImport(app, up.body.id, 100_000);
    expect(done).toMatchObject({ status: 'completed', error: null, counts: { inserted: 4, updated: 0, unchanged: 0, rejected: 1 } });
    expect(done.firstErrors).toEqual([expect.objectContaining({ line: 5, column: 'Bedrag', value: 'twaalf' })]);
    const invoices = await mongoose.connection
      .db!.collection('invoices')
      .find(
        { invoiceNumber: { $in: ['LO-1', 'LO-2', 'LO-3', 'LO-4', '20250007'] } },
        { projection: { _id: 0, supplierId: 1, invoiceNumber: 1, issueDate: 1, dueDate: 1, amount: 1 } },
      )
      .sort({ invoiceNumber: 1 })
      .toArray();
    expect(invoices).toEqual([
      { supplierId: 'LEV103', invoiceNumber: '20250007', issueDate: '2025-02-28', dueDate: '2025-03-30', amount: -300000 },
      { supplierId: 'LEV101', invoiceNumber: 'LO-1', issueDate: '2025-03-03', dueDate: '2025-04-02', amount: 123456 },
      { supplierId: 'LEV101', invoiceNumber: 'LO-2', issueDate: '2025-03-04', dueDate: '2025-05-03', amount: 50000 },
      { supplierId: 'LEV102', invoiceNumber: 'LO-3', issueDate: '2025-03-05', amount: 25000 },
    ]);
    // The workbooks were stored only while they were converted: every stored file is an import's CSV.
    const db = mongoose.connection.db!;
    const imports = await db
      .collection('imports')
      .find({}, { projection: { fileId: 1 } })
      .toArray();
    const files = await db
      .collection('uploads.files')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    expect(files.map((f) => String(f._id)).sort()).toEqual(imports.map((i) => String(i.fileId)).sort());
  });
});

/** The workbook's CSV, read through a byte-range source as the import reads a stored upload. */
async function csvOf(file: Buffer, sheet?: string): Promise<string> {
  const source = (start: number, end: number) => Readable.from([file.subarray(start, end)]);
  let out = '';
  for await (const chunk of xlsxAsCsv(source, file.length, { sheet, maxPartBytes: 1 << 20 })) out += String(chunk);
  return out;
}

async function partsOf(file: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(file, { lazyEntries: true });
  const parts = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    parts.set(entry.fileName, Buffer.concat(chunks));
  }
  return parts;
}

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
