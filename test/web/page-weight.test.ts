/**
 * A big supplier's page stays light (200 invoices under 60 KB), and the organisation's published
 * payment practices show the last completed half-year and the trend, never a supplier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvoiceModel } from '../../src/persistence/invoices/invoice.model.ts';
import { SupplierModel } from '../../src/persistence/suppliers/supplier.model.ts';
import { forgetPublishedPractices } from '../../src/services/published-practices.ts';
import { bearer, useApp } from '../support/app.ts';
import { bigSupplierInvoices, BIG_TODAY as TODAY } from '../support/big-supplier.ts';
import { textOf } from '../support/forms.ts';

describe('page weight and the published payment practices', () => {
  const app = useApp({ today: TODAY, workers: false, env: { PUBLIC_PAYMENT_PRACTICES: 'true', ORG_NAME: 'Gemeente Voorbeeld' } });

  beforeAll(async () => {
    await SupplierModel.create({
      supplierId: 'BIG',
      name: 'Groothandel Van der Berg BV',
      paymentTermsDays: 30,
      employees: 8,
      country: 'NL',
    });
    await InvoiceModel.collection.insertMany(bigSupplierInvoices('BIG'));
    forgetPublishedPractices();
  });

  it('serves a status page of 200 invoices in under 60 KB, in both languages', async () => {
    const link = await app.http.post('/api/v1/suppliers/BIG/status-links').set(bearer(app.tokens.finance)).send({}).expect(201);
    for (const lang of ['nl', 'en']) {
      const r = await app.http.get(new URL(link.body.url).pathname).set('Accept-Language', lang).expect(200);
      expect((r.text.match(/<tr/g) ?? []).length).toBeGreaterThanOrEqual(200);
      expect(Buffer.byteLength(r.text)).toBeLessThan(60 * 1024);
    }
  });

  it('publishes the last completed half-year and the four before it, organisation-wide only', async () => {
    const r = await app.http.get('/payment-practices').set('Accept-Language', 'en').expect(200);
    const text = textOf(r.text);
    expect(text).toContain('How Gemeente Voorbeeld pays its suppliers');
    // Today 2025-11-20: the last completed half-year is January to June 2025.
    expect(text).toContain('Payments in 1 January 2025 to 30 June 2025');
    expect(text).toContain('1 July 2023 to 31 December 2023');
    expect(text).not.toContain('Van der Berg');
    expect(text).not.toMatch(/INV-\d{4}-/);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    // The invoices paid in H1 2025: every third one whose payment date falls before 1 July.
    const paidH1 = bigSupplierInvoices('BIG').filter((i) => i.paidDate && i.paidDate >= '2025-01-01' && i.paidDate < '2025-07-01');
    const days = paidH1.map((i) => (Date.parse(i.paidDate as string) - Date.parse(i.issueDate)) / 86_400_000);
    const mean = Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 100) / 100;
    expect(text).toContain(`Mean days to pay ${mean.toLocaleString('en-GB')} days`);
  });
});
