/**
 * The rules around a payment run over the API: two approvers when the organisation asks, cancelling
 * an approved run puts its invoices back, interest paid once whatever the number of runs, a non-EUR
 * run goes to the bank as CSV only, and a supplier that opted out gets no remittance advice.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { saveRunSettings } from '../../src/persistence/payment-runs/run-settings.model.ts';
import { setRemittanceOptOut } from '../../src/persistence/suppliers/supplier.repository.ts';
import { createToken } from '../../src/persistence/tokens/token.repository.ts';
import { bearer, uploadText, useApp } from '../support/app.ts';

const TODAY = '2026-03-02';

const suppliers = [
  'Leveranciernummer;Naam;Land;Aantal medewerkers;E-mail;IBAN',
  `A1;Atelier Een;NL;4;a1@example.org;${ibanOf('NL', 'RABO0123456789')}`,
  `B2;Bouw Twee;NL;40;b2@example.org;${ibanOf('NL', 'ABNA0417164300')}`,
].join('\n');
const invoices = [
  'Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Status',
  'A1;A-1;01-12-2025;31-12-2025;1.000,00;EUR;goedgekeurd',
  'A1;A-2;01-12-2025;31-12-2025;500,00;EUR;',
  'B2;B-1;01-12-2025;15-01-2026;2.000,00;EUR;',
  'B2;B-9;01-12-2025;15-01-2026;300,00;USD;',
].join('\n');

describe('payment-run rules', () => {
  const app = useApp({ today: TODAY, env: { ORG_NAME: 'Gemeente Voorbeeld', ORG_IBAN: ibanOf('NL', 'INGB0001234567') } });
  const post = (path: string, token: string, body?: unknown) =>
    app.http
      .post(`/api/v1${path}`)
      .set(bearer(token))
      .send(body as object);
  const invoice = async (n: string) => mongoose.connection.db!.collection('invoices').findOne({ invoiceNumber: n });
  let second = '';
  let firstRun = '';

  it('needs two approvers when the organisation says so, and cancelling an approved run puts its invoices back', {
    timeout: 120_000,
  }, async () => {
    await uploadText(app, 'suppliers', suppliers, 'l.csv');
    await uploadText(app, 'invoices', invoices, 'f.csv');
    second = await createToken('second approver', 'finance');
    await saveRunSettings({ approvers: 2, grouping: 'supplier', remittanceOn: 'export' }, 'test');
    const made = await post('/payment-runs', app.tokens.finance, { currency: 'EUR', budget: '10000.00', payDate: TODAY });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const run = made.body;
    expect(run.approvalsNeeded).toBe(2);
    const one = (await post(`/payment-runs/${run.id}/approve`, app.tokens.admin).expect(200)).body;
    expect(one).toMatchObject({ state: 'draft', approvals: [{ email: 'test admin' }] });
    expect((await post(`/payment-runs/${run.id}/approve`, app.tokens.admin).expect(409)).body.error.code).toBe('approved_already');
    const two = (await post(`/payment-runs/${run.id}/approve`, second).expect(200)).body;
    expect(two.state).toBe('approved');
    expect(await invoice('A-2')).toMatchObject({ status: 'scheduled', scheduledDate: TODAY });
    expect((await post(`/payment-runs/${run.id}/cancel`, app.tokens.finance).expect(200)).body.state).toBe('cancelled');
    // A-1 was approved before the run, A-2 had no status: each is as it was.
    const [a1, a2] = [await invoice('A-1'), await invoice('A-2')];
    expect(a1).toMatchObject({ status: 'approved' });
    expect(a1?.scheduledDate).toBeUndefined();
    expect(a2?.status).toBeUndefined();
    expect(a2?.scheduledByRun).toBeUndefined();
    await saveRunSettings({ approvers: 1, grouping: 'supplier', remittanceOn: 'export' }, 'test');
  });

  it('pays the statutory interest on an invoice once, however many runs pay it', async () => {
    const first = (
      await post('/payment-runs', app.tokens.finance, {
        currency: 'EUR',
        budget: '1000.00',
        payDate: TODAY,
        payInterest: true,
        mustPay: [{ supplierId: 'A1', invoiceNumber: 'A-1' }],
      }).expect(201)
    ).body;
    const line = first.interest.find((l: { invoiceNumber: string }) => l.invoiceNumber === 'A-1');
    // 61 days at 10.15 % on 1,000.00: 16.96; and EUR 40.
    expect(line).toEqual({ supplierId: 'A1', invoiceNumber: 'A-1', interest: '16.96', compensation: '40.00' });
    await post(`/payment-runs/${first.id}/approve`, app.tokens.admin).expect(200);
    firstRun = first.id;
    // A second run with the same invoice (the first not yet paid) pays no interest on it again.
    const again = (
      await post('/payment-runs', app.tokens.finance, {
        currency: 'EUR',
        budget: '1000.00',
        payDate: TODAY,
        payInterest: true,
        mustPay: [{ supplierId: 'A1', invoiceNumber: 'A-1' }],
      }).expect(201)
    ).body;
    expect(again.interest.find((l: { invoiceNumber: string }) => l.invoiceNumber === 'A-1')).toBeUndefined();
    expect(again.transfers.map((t: { kind: string }) => t.kind)).not.toContain('interest');
  });

  it('sends a USD run to the bank as CSV only, and no advice to a supplier that opted out', async () => {
    await setRemittanceOptOut('B2', true);
    const usd = (await post('/payment-runs', app.tokens.finance, { currency: 'USD', budget: '1000.00', payDate: TODAY }).expect(201)).body;
    expect(usd.transfers).toHaveLength(1);
    await post(`/payment-runs/${usd.id}/approve`, app.tokens.admin).expect(200);
    const sepa = await post(`/payment-runs/${usd.id}/export?format=pain.001`, app.tokens.finance).expect(409);
    expect(sepa.body.error).toMatchObject({ code: 'not_sepa', message: 'SEPA transfers are in EUR; this run is in USD: export it as csv' });
    const csv = await post(`/payment-runs/${usd.id}/export?format=csv`, app.tokens.finance).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('endToEndId,supplierId,name,iban,amount,currency,kind,invoiceNumbers,remittance,payDate');
    expect(csv.text).toMatch(/,B2,Bouw Twee,NL\w+,300\.00,USD,invoices,B-9,Facturen B-9,2026-03-02/);
    // Exported: the advice is planned, but not for B2, which opted out.
    const deliveries = (runId: string) =>
      mongoose.connection.db!.collection('alertDeliveries').find({ kind: 'remittance', runId }).toArray();
    expect(await deliveries(usd.id)).toEqual([]);
    // A supplier that did not opt out gets its advice when its run is exported.
    await post(`/payment-runs/${firstRun}/export`, app.tokens.finance).expect(200);
    expect((await deliveries(firstRun)).map((d) => [d.target, d.lang])).toEqual([['a1@example.org', 'nl']]);
  });
});
