/** Payment-run proposals over HTTP, on files imported through the real upload path. */
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

describe('payment-run proposals', () => {
  const app = useApp();
  beforeAll(async () => {
    await importStatusFixtures(app);
  }, 240_000);

  const propose = (body: Record<string, unknown>, token = app.tokens.finance) =>
    app.http
      .post('/api/v1/payment-runs/proposals')
      .set(bearer(token))
      .send({ asOf: FIXTURE_TODAY, ...body });

  it('proposes the invoices that remove the most harm, with reasons, before/after figures and the simple rules beside it', async () => {
    const r = await propose({ budgets: { EUR: '2500.00' } }).expect(200);
    const p = r.body;
    expect(p.payDate).toBe(FIXTURE_TODAY);
    // J-101 (micro supplier, 50 days overdue) first; the disputed J-102 never.
    expect(p.payments[0]).toMatchObject({
      supplierId: 'LEV001',
      invoiceNumber: 'J-101',
      amount: '1234.56',
      currency: 'EUR',
      daysOverdue: 50,
    });
    expect(p.payments[0].reason).toMatch(/^micro supplier, 50 days overdue/);
    expect(p.payments.map((x: { invoiceNumber: string }) => x.invoiceNumber)).not.toContain('J-102');
    expect(Number(p.paid.EUR)).toBeLessThanOrEqual(2500);
    expect(p.before.overdue.EUR).toBe('14534.56');
    expect(Number(p.after.overdue.EUR)).toBe(14534.56 - 1234.56);
    expect(p.comparedWith.map((c: { rule: string }) => c.rule)).toEqual(['oldest-due-first', 'largest-first']);
    for (const c of p.comparedWith) expect(c.proposalRemovesMore).toBeGreaterThanOrEqual(0);
    expect(p.excluded.disputed).toBe(1);
  });

  it('writes a bank file: one line per supplier, IBAN from the master data, formula cells escaped', async () => {
    const r = await propose({ budgets: { EUR: '100000.00' }, format: 'csv' }).expect(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).toBe('supplierId,name,iban,amount,currency,invoiceNumbers,reference');
    const jansen = lines.find((l) => l.startsWith('LEV001,'))!;
    expect(jansen).toMatch(/^LEV001,Bakkerij Jansen,NL91ABNA0417164300,\d+\.\d{2},EUR,/);
    expect(jansen).toContain('J-101');
    expect(lines.find((l) => l.startsWith('LEV002,'))).toMatch(/^LEV002,Staal BV,,10000\.00,EUR,S-SECRET-900,Invoices S-SECRET-900$/);
  });

  it('refuses what it cannot do, naming the field, and lets only finance and admin ask', async () => {
    await propose({ budgets: { EUR: '10.00' } }, app.tokens.procurement).expect(403);
    const noBudget = await propose({ budgets: {} }).expect(400);
    expect(noBudget.body.error.message).toMatch(/body\.budgets: needs a budget/);
    const badAmount = await propose({ budgets: { EUR: '12.345' } }).expect(400);
    expect(badAmount.body.error.message).toMatch(/body\.budgets\.EUR: 12\.345 has more decimals than EUR has/);
    const operator = await propose({ budgets: { $gt: '1' } }).expect(400);
    expect(operator.body.error.message).toMatch(/body\.budgets\.\$gt: /);
    const disputed = await propose({ budgets: { EUR: '5000.00' }, mustPay: [{ supplierId: 'LEV001', invoiceNumber: 'J-102' }] }).expect(
      422,
    );
    expect(disputed.body.error.message).toMatch(/J-102 of LEV001 is in dispute/);
    const early = await propose({ budgets: { EUR: '1.00' }, payDate: '2025-01-01' }).expect(400);
    expect(early.body.error.message).toMatch(/before the as-of date/);
  });

  it('imports IBANs with their check digits verified, naming the bad row', async () => {
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'suppliers')
      .attach('file', Buffer.from('Leveranciernummer;Naam;IBAN\nLEV009;Fout BV;NL91 ABNA 0417 1643 01\n'), 'iban.csv')
      .expect(202);
    const done = await waitForImport(app, r.body.id);
    expect(done.firstErrors).toEqual([
      { line: 2, column: 'IBAN', value: 'NL91 ABNA 0417 1643 01', reason: 'not a valid IBAN (its check digits do not match)' },
    ]);
  });

  it('proposes from the data as it is now: inputs kept from an earlier proposal give way to an import', async () => {
    expect((await propose({ budgets: { EUR: '2500.00' } }).expect(200)).body.payments[0].invoiceNumber).toBe('J-101');
    const header = 'Crediteur;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta;Betaaldatum;Status;Geschil;Geplande betaaldatum';
    const r = await app.http
      .post('/api/v1/imports')
      .set(bearer(app.tokens.finance))
      .field('kind', 'invoices')
      .attach('file', Buffer.from(`${header}\nLEV001;J-101;01-09-2025;01-10-2025;1.234,56;EUR;15-11-2025;;;\n`), 'paid.csv')
      .expect(202);
    expect((await waitForImport(app, r.body.id)).status).toBe('completed');
    const p = (await propose({ budgets: { EUR: '2500.00' } }).expect(200)).body;
    expect(p.payments.map((x: { invoiceNumber: string }) => x.invoiceNumber)).not.toContain('J-101');
    expect(p.before.overdue.EUR).toBe('13300.00');
  });
});
