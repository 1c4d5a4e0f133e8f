import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';

const fixture = (name: string) => path.join(ROOT, 'test/fixtures/import', name);

describe('POST /api/v1/imports', () => {
  const app = useApp({ uploadLimitBytes: 512 * 1024 });

  async function upload(file: string, kind = 'invoices', fields: Record<string, string> = {}, token = app.tokens.finance) {
    let req = app.http.post('/api/v1/imports').set(bearer(token)).field('kind', kind);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', fixture(file));
  }

  async function imported(file: string, kind = 'invoices', fields: Record<string, string> = {}) {
    const r = await upload(file, kind, fields);
    expect(r.status).toBe(202);
    return waitForImport(app, r.body.id);
  }

  it('needs a token (401), and the finance or admin role to import (403)', async () => {
    await app.http.post('/api/v1/imports').expect(401);
    await app.http.post('/api/v1/imports').set({ Authorization: 'Bearer not-a-real-token-at-all' }).expect(401);
    await app.http.post('/api/v1/imports').set({ Authorization: 'Basic abc' }).expect(401);
    const r = await upload('exact-nl-bom.csv', 'invoices', {}, app.tokens.procurement);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/admin or finance/);
  });

  it('rejects a row with a 100,000-character field, naming its line and column, and imports the rest', async () => {
    const long = 'x'.repeat(100_000);
    const csv = [
      'Crediteur;Factuurnummer;Factuurdatum;Bedrag;Geschil',
      'LONG1;F-1;01-01-2025;10,00;',
      `LONG1;F-2;02-01-2025;20,00;${long}`,
      `LONG1;F-3;03-01-2025;30,00;"${long}"`,
      'LONG1;F-4;04-01-2025;40,00;kapot geleverd',
    ].join('\n');
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from(csv), 'long.csv')
      .expect(202);
    const done = await waitForImport(app, r.body.id);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
    const errors = done.firstErrors as Array<{ line: number; column: string; value: string; reason: string }>;
    expect(errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, 'Geschil', 'longer than 200 characters'],
      [4, 'Geschil', 'longer than 200 characters'],
    ]);
    // The error report keeps a readable excerpt, not the whole value.
    expect(errors[0].value.length).toBeLessThan(1000);
    expect(await InvoiceModel.countDocuments({ supplierId: 'LONG1' })).toBe(2);
  });

  it('imports a Dutch Exact export (BOM, semicolons, 1.234,56, DD-MM-YYYY) and reports what it detected', async () => {
    const done = await imported('exact-nl-bom.csv');
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const detected = done.detected as { encoding: string; delimiter: string; decimalMark: string; dateOrder: Record<string, string> };
    expect(detected).toMatchObject({ encoding: 'utf-8', delimiter: ';', decimalMark: ',' });
    const inv = await InvoiceModel.findOne({ invoiceNumber: '2025-0001' }).lean();
    expect(inv).toMatchObject({
      supplierId: 'LEV001',
      issueDate: '2025-01-03',
      dueDate: '2025-02-02',
      amount: 123456,
      currency: 'EUR',
      status: 'received',
    });
    const credit = await InvoiceModel.findOne({ invoiceNumber: '2025-0100' }).lean();
    expect(credit?.amount).toBe(-300000);
    const paid = await InvoiceModel.findOne({ invoiceNumber: '2025-0002' }).lean();
    expect(paid).toMatchObject({ paidDate: '2025-02-20', status: 'paid' });
  });

  it('creates a supplier marked "master data missing" for an unknown supplier, and a supplier import fills it in', async () => {
    expect(await SupplierModel.findOne({ supplierId: 'LEV002' }).lean()).toMatchObject({ name: 'LEV002', masterDataMissing: true });
    const done = await imported('suppliers-nl.csv', 'suppliers');
    expect(done.counts).toMatchObject({ rejected: 0 });
    const s = await SupplierModel.findOne({ supplierId: 'LEV002' }).lean();
    expect(s).toMatchObject({
      name: 'Staal BV',
      country: 'NL',
      employees: 400,
      annualRevenue: 1_200_000_000,
      revenueCurrency: 'EUR',
      paymentTermsDays: 90,
    });
    expect(s?.masterDataMissing).toBeUndefined();
  });

  it('reads a US export: quoted "1,234.56", $ amounts and month-first dates proven by a day above 12', async () => {
    const done = await imported('sap-en-us.csv');
    expect(done.counts).toMatchObject({ inserted: 2, rejected: 0 });
    expect((done.detected as { dateOrder: Record<string, string> }).dateOrder.issueDate).toBe('MDY');
    expect(await InvoiceModel.findOne({ invoiceNumber: 'INV-1' }).lean()).toMatchObject({
      issueDate: '2025-01-13',
      amount: 123456,
      currency: 'USD',
    });
    expect(await InvoiceModel.findOne({ invoiceNumber: 'INV-2' }).lean()).toMatchObject({
      issueDate: '2025-02-01',
      amount: 9950,
      paidDate: '2025-03-05',
    });
  });

  it('reads Windows-1252 with tabs, € signs and Dutch or English month names', async () => {
    const done = await imported('afas-cp1252.tsv');
    expect(done.counts).toMatchObject({ inserted: 2, rejected: 0 });
    expect(done.detected).toMatchObject({ encoding: 'windows-1252', delimiter: '\t' });
    expect((done.detected as { notes: string[] }).notes.join(' ')).toMatch(/columns not used: Omschrijving/);
    expect(await InvoiceModel.findOne({ invoiceNumber: 'A-1' }).lean()).toMatchObject({
      supplierId: 'CAFÉ01',
      issueDate: '2025-03-03',
      amount: 1250,
    });
  });

  it('reads every date form in one column, and says when day/month order had to come from the locale', async () => {
    const mixed = await imported('dates-mixed.csv');
    expect(mixed.counts).toMatchObject({ inserted: 6, rejected: 0 });
    const dates = (await InvoiceModel.find({ invoiceNumber: /^D/ }).sort({ invoiceNumber: 1 }).lean()).map((i) => i.issueDate);
    expect(dates).toEqual(['2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01', '2025-03-13']);
    const ambiguous = await imported('dates-ambiguous.csv');
    expect((ambiguous.detected as { notes: string[] }).notes.join(' ')).toMatch(/issueDate cannot be told .* day-month-year \(locale nl\)/);
    expect(await InvoiceModel.findOne({ invoiceNumber: 'A1', supplierId: 'S1' }).lean()).toMatchObject({ issueDate: '2025-02-01' });
  });

  it('keeps quoted fields with embedded newlines and delimiters whole', async () => {
    await imported('quoted-newlines.csv');
    expect((await InvoiceModel.findOne({ invoiceNumber: 'Q1' }).lean())?.disputeReason).toBe('wrong price,\nsee mail of 3 Jan');
  });

  it('rejects bad rows naming line, column, value and reason; imports the good ones; never lets a duplicate key win', async () => {
    const done = await imported('bad-rows.csv');
    expect(done.counts).toMatchObject({ inserted: 1, rejected: 8 });
    const csv = await app.http
      .get(`/api/v1/imports/${done.id as string}/errors.csv`)
      .set(bearer(app.tokens.finance))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('line,column,value,reason');
    expect(lines).toContain('3,issueDate,2025-02-30,no such date');
    expect(lines.some((l) => l.startsWith('4,amount,abc,"not an amount'))).toBe(true);
    expect(lines).toContain('5,supplierId,,"required, but empty"');
    expect(lines).toContain('6,currency,EURO,not an ISO 4217 currency code such as EUR');
    expect(
      lines.filter((l) => /^(7|8),invoiceNumber,DUP,"the same supplier and invoice number appears on lines 7, 8;/.test(l)),
    ).toHaveLength(2);
    // A value starting with = is escaped so a spreadsheet does not run it.
    expect(lines.some((l) => l.startsWith(`9,amount,"'=HYPERLINK(""x"")"`))).toBe(true);
    expect(csv.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(lines.some((l) => l.startsWith('10,(row)') && l.includes('has 6 columns; the header has 5'))).toBe(true);
    expect(await InvoiceModel.countDocuments({ invoiceNumber: 'DUP' })).toBe(0);
  });

  it('says a file was already imported and changes nothing; a corrected file updates only what changed', async () => {
    const again = await upload('exact-nl-bom.csv');
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('duplicate');
    expect(again.body.message).toMatch(/already imported/);
    const corrected = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach(
        'file',
        Buffer.from(
          'Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Betaaldatum;Status\nLEV001;2025-0001;03-01-2025;02-02-2025;1.234,56;EUR;05-03-2025;betaald\nLEV001;2025-0002;15-01-2025;14-02-2025;500,00;EUR;20-02-2025;betaald\n',
        ),
        'exact-corrected.csv',
      );
    const done = await waitForImport(app, corrected.body.id);
    expect(done.counts).toEqual({ inserted: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect(await InvoiceModel.countDocuments({ supplierId: 'LEV001' })).toBe(2);
    expect(await InvoiceModel.findOne({ invoiceNumber: '2025-0001' }).lean()).toMatchObject({ paidDate: '2025-03-05', status: 'paid' });
  });

  it('imports nothing from a file with a bad row when all-or-nothing is asked', async () => {
    const before = await InvoiceModel.countDocuments();
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .field('allOrNothing', 'true')
      .attach(
        'file',
        Buffer.from('supplierId,invoiceNumber,issueDate,amount\nZ1,OK1,2025-01-01,1.00\nZ1,BAD,2025-13-01,1.00\n'),
        'aon.csv',
      );
    const done = await waitForImport(app, r.body.id);
    expect(done.status).toBe('rejected');
    expect(done.error).toMatch(/all-or-nothing/);
    expect(await InvoiceModel.countDocuments()).toBe(before);
  });

  it('refuses a file that is not CSV with 400, a file missing required columns by name, and a huge upload with 413', async () => {
    const bin = await upload('not-csv.bin');
    expect(bin.status).toBe(400);
    expect(bin.body.error.message).toMatch(/not a CSV file/);
    const cols = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from('foo;bar\n1;2\n'), 'cols.csv');
    const done = await waitForImport(app, cols.body.id);
    expect(done.status).toBe('rejected');
    expect(done.error).toMatch(/required column\(s\) missing: supplierId, invoiceNumber, issueDate, amount/);
    const big = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from(`supplierId,invoiceNumber,issueDate,amount\n${'S,1,2025-01-01,1.00\n'.repeat(40_000)}`), 'big.csv');
    expect(big.status).toBe(413);
    const noKind = await app.http.post('/api/v1/imports').set(bearer(app.tokens.finance)).attach('file', fixture('exact-nl-bom.csv'));
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.message).toMatch(/kind/);
  });

  it('lists the import history with who, when, file name, checksum and counts', async () => {
    const r = await app.http.get('/api/v1/imports').set(bearer(app.tokens.admin)).expect(200);
    const first = r.body.items.find(
      (i: { fileName: string; status: string }) => i.fileName === 'exact-nl-bom.csv' && i.status === 'completed',
    );
    expect(
      r.body.items.some((i: { fileName: string; status: string }) => i.fileName === 'exact-nl-bom.csv' && i.status === 'duplicate'),
    ).toBe(true);
    expect(first).toMatchObject({ uploadedBy: 'test finance', kind: 'invoices', status: 'completed' });
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(first.progress).toMatchObject({ rowsRead: 3, rowsTotal: 3 });
  });
});
