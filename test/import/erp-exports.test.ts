/**
 * The common ERPs' accounts-payable exports, each a test file in its shape (test/fixtures/erp/):
 * recognised by their columns and imported as they are, with no mapping given, their sign
 * conventions turned around and suppliers named instead of coded matched by name.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { recognisedExport } from '../../src/import/erp-profiles.ts';
import { looseName, SupplierNames } from '../../src/import/supplier-names.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';
import { importStatusFixtures } from '../support/status-fixtures.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/erp');

describe('suppliers by name', () => {
  const names = new SupplierNames([
    { supplierId: 'A', name: 'Bakkerij Jansen' },
    { supplierId: 'B', name: 'Staal BV' },
    { supplierId: 'C', name: 'De Vries Holding' },
    { supplierId: 'D', name: 'De Vries B.V.' },
  ]);

  it('matches exactly, then ignoring case, accents, punctuation and legal forms; never between two', () => {
    expect(names.match('Bakkerij Jansen')).toEqual({ supplierId: 'A', how: 'exact' });
    expect(names.match('BAKKERIJ JANSEN B.V.')).toEqual({ supplierId: 'A', how: 'loose' });
    expect(names.match('staal b.v.')).toEqual({ supplierId: 'B', how: 'loose' });
    expect(names.match('De Vries')).toMatchObject({ error: expect.stringMatching(/fits 2 suppliers \(C, D\)/) });
    expect(names.match('Jansen')).toMatchObject({ error: expect.stringMatching(/no known supplier has this name/) });
    expect(names.counts).toEqual({ exact: 1, loose: 2, unknown: 1, ambiguous: 1 });
    expect(looseName('Müller & Söhne GmbH')).toBe('muller sohne');
  });
});

describe('ERP exports', () => {
  const app = useApp();
  beforeAll(async () => {
    await importStatusFixtures(app);
  }, 240_000);

  const invoice = (supplierId: string, invoiceNumber: string) =>
    mongoose.connection.db!.collection('invoices').findOne({ supplierId, invoiceNumber });
  async function importFile(file: string) {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', path.join(FIXTURES, file))
      .expect(202);
    return waitForImport(app, r.body.id, 60_000) as Promise<{
      status: string;
      counts: Record<string, number>;
      profile: { name: string; source: string } | null;
      detected: { notes: string[] };
      firstErrors: Array<{ reason: string; column: string; value: string }>;
    }>;
  }

  it('has a test file for each export it recognises, and recognises each as itself', () => {
    const files = fs.readdirSync(FIXTURES);
    expect(files).toHaveLength(9);
    for (const f of files) {
      const header = fs.readFileSync(path.join(FIXTURES, f), 'utf8').split('\n')[0].split(/[,;]/);
      expect(recognisedExport('invoices', header)?.name, f).toBeTruthy();
    }
  });

  it('reads SAP vendor line items (English and Dutch): negative payables turned around, a clearing date as the payment', async () => {
    const en = await importFile('sap-vendor-line-items.csv');
    expect(en).toMatchObject({
      status: 'completed',
      counts: { inserted: 4, rejected: 0 },
      profile: { name: 'SAP vendor line items', source: 'erp' },
    });
    expect(await invoice('LEV001', 'J-201')).toMatchObject({ amount: 123_456, issueDate: '2025-09-01', dueDate: '2025-10-01' });
    expect(await invoice('LEV001', 'J-202')).toMatchObject({ amount: 30_000, paidDate: '2025-10-20' });
    // A positive line on a vendor's account is a credit note.
    expect(await invoice('LEV003', 'DV-22')).toMatchObject({ amount: -15_000 });
    expect((await invoice('LEV001', 'J-201'))?.DocumentNo).toBeUndefined();
    const nl = await importFile('sap-crediteurposten.csv');
    expect(nl).toMatchObject({ status: 'completed', counts: { inserted: 2 }, profile: { name: 'SAP crediteurposten' } });
    expect(await invoice('LEV003', 'DV-31')).toMatchObject({ amount: 250_000, paidDate: '2025-11-18' });
  });

  it('reads Business Central vendor ledger entries, with the vendor invoice number as the invoice number', async () => {
    const en = await importFile('business-central-vendor-ledger-entries.csv');
    expect(en).toMatchObject({
      status: 'completed',
      counts: { inserted: 3, rejected: 0 },
      profile: { name: 'Business Central vendor ledger entries' },
    });
    expect(await invoice('LEV001', 'J-221')).toMatchObject({ amount: 123_456, currency: 'EUR', dueDate: '2025-10-01' });
    expect(await invoice('LEV001', 'J-222')).toMatchObject({ amount: 30_000, paidDate: '2025-10-20' });
    expect(await invoice('LEV001', 'J-223')).toMatchObject({ amount: -5_000 });
    const nl = await importFile('business-central-leveranciersposten.csv');
    expect(nl).toMatchObject({ status: 'completed', counts: { inserted: 1 } });
    expect(await invoice('LEV003', 'DV-41')).toMatchObject({ amount: 250_000 });
  });

  it('reads Xero, QuickBooks Online and Odoo, matching their supplier names to the known suppliers, and says how', async () => {
    const xero = await importFile('xero-bills.csv');
    expect(xero).toMatchObject({ status: 'completed', counts: { inserted: 2, rejected: 1 }, profile: { name: 'Xero bills' } });
    expect(xero.firstErrors[0]).toMatchObject({
      column: '*ContactName',
      value: 'Onbekend & Zonen',
      reason: expect.stringMatching(/no known supplier has this name/),
    });
    expect(xero.detected.notes).toContain(
      'suppliers matched by name: 0 exactly, 2 ignoring case, punctuation and legal form; 1 not known, 0 fitting more than one',
    );
    expect(await invoice('LEV001', 'J-231')).toMatchObject({ amount: 123_456, dueDate: '2025-10-01' });
    expect(await invoice('LEV002', 'S-231')).toMatchObject({ amount: 1_000_000, paidAmount: 1_000_000 });
    const qbo = await importFile('quickbooks-online-bills.csv');
    expect(qbo).toMatchObject({ status: 'completed', counts: { inserted: 2, rejected: 0 }, profile: { name: 'QuickBooks Online bills' } });
    expect(await invoice('LEV003', 'DV-241')).toMatchObject({ amount: 250_000, issueDate: '2025-09-15', dueDate: '2025-10-30' });
    const odoo = await importFile('odoo-vendor-bills.csv');
    expect(odoo).toMatchObject({ status: 'completed', counts: { inserted: 2, rejected: 0 }, profile: { name: 'Odoo vendor bills' } });
    expect(await invoice('LEV001', 'J-251')).toMatchObject({ amount: 123_456, paymentReference: 'RF18539007547034' });
    expect(await invoice('LEV003', 'DV-251')).toMatchObject({ amount: 250_000 });
  });

  it("reads Exact Online's payables list with the supplier's reference as the invoice number", async () => {
    const r = await importFile('exact-online-payables-list.csv');
    expect(r).toMatchObject({ status: 'completed', counts: { inserted: 2, rejected: 0 }, profile: { name: 'Exact Online payables list' } });
    expect(await invoice('LEV003', 'DV-271')).toMatchObject({ amount: 250_000, issueDate: '2025-09-10', dueDate: '2025-11-09' });
    expect(await invoice('LEV001', '25700012')).toBeNull();
  });

  it('says so when most amounts are negative and nothing turned them around', async () => {
    const file =
      'supplierId,invoiceNumber,issueDate,dueDate,amount\nLEV001,N-1,2025-09-01,2025-10-01,-10.00\nLEV001,N-2,2025-09-01,2025-10-01,-12.00\nLEV001,N-3,2025-09-01,2025-10-01,5.00\n';
    const up = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from(file), 'negatives.csv')
      .expect(202);
    const r = (await waitForImport(app, up.body.id)) as { detected: { notes: string[] } };
    expect(r.detected.notes).toContain(
      '2 of 3 amounts are negative and were read as credit notes; if this export writes invoices as negative amounts, import it again with the amounts turned around',
    );
  });

  it('reads ERPNext purchase invoices by supplier id', async () => {
    const r = await importFile('erpnext-purchase-invoices.csv');
    expect(r).toMatchObject({ status: 'completed', counts: { inserted: 2, rejected: 0 }, profile: { name: 'ERPNext purchase invoices' } });
    expect(await invoice('LEV002', 'S-261')).toMatchObject({ amount: 1_000_000, dueDate: '2025-12-04' });
  });
});
