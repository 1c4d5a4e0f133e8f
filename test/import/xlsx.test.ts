/** Excel workbooks on the import path: the same detection, validation, errors and idempotence as CSV. */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/import/dates.ts';
import { cellText } from '../../src/import/xlsx.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';

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
    expect(cellText(new Date(Date.UTC(2025, 0, 31)))).toBe('2025-01-31');
    expect(cellText(1234.56)).toBe('1234.56');
    expect(cellText({ formula: 'A1', result: 7 } as ExcelJS.CellFormulaValue)).toBe('7');
    expect(cellText(null)).toBe('');
    expect(parseDate('45780', 'DMY')).toBe('2025-05-03');
    expect(parseDate('45658', 'DMY')).toBe('2025-01-01');
  });

  it('imports the named sheet, with dates, amounts, formulas and rich text; a bad row names its column', { timeout: 120_000 }, async () => {
    const file = await workbook();
    const up = await upload(file, 'facturen.xlsx').expect(202);
    const done = await waitForImport(app, up.body.id, 100_000);
    expect(done).toMatchObject({
      status: 'completed',
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
    expect(done).toMatchObject({ status: 'completed', counts: { inserted: 4, updated: 0, unchanged: 0, rejected: 1 } });
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
  });
});
