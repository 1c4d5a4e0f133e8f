/**
 * From harm to payment over the API: a run drafted by one token and approved by another, its SEPA
 * file checked against the EPC schema, the bank's statement of that file imported back, the
 * invoices paid on the booking date, and each supplier's remittance advice read from a real SMTP server.
 */
import { describe, expect, it } from 'vitest';
import { ibanOf } from '../../src/domain/iban.ts';
import { bearer, useApp } from '../support/app.ts';
import { camt053, statementFromPain001, xmllintErrors } from '../support/bank-files.ts';
import { textOf } from '../support/forms.ts';
import { useSmtp } from '../support/smtp.ts';
import { FIXTURE_TODAY, importStatusFixtures, makeLink, pathOf } from '../support/status-fixtures.ts';

const ORG_IBAN = ibanOf('NL', 'INGB0001234567');
// Paid the day it is proposed: the supplier's status page (as of today) then shows the interest paid.
const PAY_DATE = FIXTURE_TODAY;

describe('a payment run from proposal to bank statement', () => {
  const smtp = useSmtp();
  const app = useApp({
    today: FIXTURE_TODAY,
    env: () => ({ SMTP_URL: smtp.url, ORG_NAME: 'Gemeente Voorbeeld', ORG_IBAN, PUBLIC_URL: 'https://tijdig.example.org' }),
  });
  const as = (token: string) => bearer(token);
  let runId = '';
  let pain = '';

  it('drafts a run: transfers per supplier, the interest owed as its own, a supplier without IBAN listed', {
    timeout: 240_000,
  }, async () => {
    await importStatusFixtures(app);
    const r = await app.http
      .post('/api/v1/payment-runs')
      .set(as(app.tokens.finance))
      .send({ currency: 'EUR', budget: '100000.00', asOf: FIXTURE_TODAY, payDate: PAY_DATE, payInterest: true })
      .expect(201);
    runId = r.body.id;
    expect(r.body).toMatchObject({
      state: 'draft',
      currency: 'EUR',
      payDate: PAY_DATE,
      approvalsNeeded: 1,
      approvals: [],
      contentHash: null,
    });
    expect(r.body.draftedBy.email).toBe('test finance');
    const jansen = r.body.transfers.filter((t: { supplierId: string }) => t.supplierId === 'LEV001');
    expect(jansen.map((t: { kind: string }) => t.kind)).toEqual(['invoices', 'interest']);
    expect(jansen[0].invoiceNumbers).toContain('J-101');
    // J-101: 1234.56 due 1 Oct 2025, paid 20 Nov: 50 days at 10.15 % = 17.17, and EUR 40.
    expect(r.body.interest).toContainEqual({ supplierId: 'LEV001', invoiceNumber: 'J-101', interest: '17.17', compensation: '40.00' });
    expect(jansen[1].amount).toBe(
      (r.body.interest as Array<{ supplierId: string; interest: string; compensation: string }>)
        .filter((l) => l.supplierId === 'LEV001')
        .reduce((a, l) => a + Number(l.interest) + Number(l.compensation), 0)
        .toFixed(2),
    );
    expect(r.body.unpayable).toEqual([{ supplierId: 'LEV002', name: 'Staal BV', reason: 'no IBAN in its master data' }]);
    expect(r.body.payments.map((p: { invoiceNumber: string }) => p.invoiceNumber)).not.toContain('J-102');
  });

  it('is adjusted while a draft: a dropped invoice leaves, and the figures follow', async () => {
    const r = await app.http
      .patch(`/api/v1/payment-runs/${runId}`)
      .set(as(app.tokens.finance))
      .send({ dropped: [{ supplierId: 'LEV003', invoiceNumber: 'DV-7' }] })
      .expect(200);
    expect(r.body.payments.map((p: { invoiceNumber: string }) => p.invoiceNumber)).not.toContain('DV-7');
    expect(r.body.transfers.map((t: { supplierId: string }) => t.supplierId)).not.toContain('LEV003');
    expect(r.body.options.dropped).toEqual([{ supplierId: 'LEV003', invoiceNumber: 'DV-7' }]);
  });

  it('is approved by someone other than its drafter; approval freezes it and schedules its invoices', async () => {
    const own = await app.http.post(`/api/v1/payment-runs/${runId}/approve`).set(as(app.tokens.finance)).expect(409);
    expect(own.body.error).toMatchObject({ code: 'four_eyes' });
    await app.http.post(`/api/v1/payment-runs/${runId}/export`).set(as(app.tokens.admin)).expect(409);
    await app.http.post(`/api/v1/payment-runs/${runId}/approve`).set(as(app.tokens.procurement)).expect(403);
    const r = await app.http.post(`/api/v1/payment-runs/${runId}/approve`).set(as(app.tokens.admin)).expect(200);
    expect(r.body.state).toBe('approved');
    expect(r.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const frozen = await app.http
      .patch(`/api/v1/payment-runs/${runId}`)
      .set(as(app.tokens.finance))
      .send({ payInterest: false })
      .expect(409);
    expect(frozen.body.error.code).toBe('frozen');
    const inv = await app.http.get('/api/v1/invoices?supplierId=LEV001&asOf=2025-11-20').set(as(app.tokens.finance)).expect(200);
    const j101 = inv.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'J-101');
    expect(j101).toMatchObject({ state: 'scheduled', scheduledDate: PAY_DATE });
  });

  it('gives the bank a pain.001 the EPC schema accepts, the same file when asked again', async () => {
    const r = await app.http.post(`/api/v1/payment-runs/${runId}/export?format=pain.001`).set(as(app.tokens.finance)).expect(200);
    expect(r.headers['content-type']).toMatch(/^application\/xml/);
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="?payment-run-2025-11-20-\w+\.xml"?$/);
    pain = r.text;
    expect(xmllintErrors(pain, 'pain.001.001.09.xsd')).toBe('');
    expect(pain).toContain(`<DbtrAcct><Id><IBAN>${ORG_IBAN}</IBAN></Id></DbtrAcct>`);
    expect(pain).toContain('<Nm>Gemeente Voorbeeld</Nm>');
    expect(pain).not.toContain('Staal BV');
    const again = await app.http.post(`/api/v1/payment-runs/${runId}/export`).set(as(app.tokens.finance)).expect(200);
    expect(again.text).toBe(pain);
    const run = await app.http.get(`/api/v1/payment-runs/${runId}`).set(as(app.tokens.finance)).expect(200);
    expect(run.body.state).toBe('exported');
    expect(run.body.exports).toHaveLength(2);
    await app.http.post(`/api/v1/payment-runs/${runId}/cancel`).set(as(app.tokens.admin)).expect(409);
  });

  it('tells each supplier with a contact address, in its language, once', async () => {
    const [mail] = await smtp.waitFor(1, 60_000);
    expect(mail.rcpt).toEqual(['info@jansen.nl']);
    expect(mail.subject).toBe('Betaling van Gemeente Voorbeeld op 20 november 2025');
    expect(mail.text).toMatch(/J-101: €\s1\.234,56/);
    expect(mail.text).toMatch(/Wettelijke handelsrente en vergoeding, meebetaald: €\s57,17/);
    expect(mail.text).toMatch(/https:\/\/tijdig\.example\.org\/s\/[A-Za-z0-9_-]+/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.filter((m) => m.rcpt.includes('info@jansen.nl'))).toHaveLength(1);
  });

  it('reads the bank statement of that file back: invoices paid on the booking date, the run paid', async () => {
    const statement = statementFromPain001(pain, { iban: ORG_IBAN, statementId: '2025-11-20-001', bookingDate: PAY_DATE });
    const withStranger = statement.replace(
      '</Stmt>',
      `${camt053({ iban: ORG_IBAN, statementId: 'x', entries: [{ amount: 777, creditorIban: ibanOf('NL', 'RABO0123456789'), remittance: 'rent', bookingDate: PAY_DATE }] }).match(/<Ntry>.*<\/Ntry>/s)?.[0]}</Stmt>`,
    );
    const post = (xml: string) =>
      app.http.post('/api/v1/bank-statements').set(as(app.tokens.finance)).set('Content-Type', 'application/xml').send(xml);
    const r = await post(withStranger).expect(201);
    const s = r.body.items[0];
    const transfers = (pain.match(/<CdtTrfTxInf>/g) ?? []).length;
    expect(s.counts).toMatchObject({ debits: transfers + 1, matched: transfers, unmatched: 1, partial: 0 });
    expect(s.lines.at(-1)).toMatchObject({ matchedBy: 'none', reason: expect.stringMatching(/no open invoice of a supplier with IBAN/) });
    const inv = await app.http.get('/api/v1/invoices?supplierId=LEV001&asOf=2025-11-22').set(as(app.tokens.finance)).expect(200);
    const j101 = inv.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'J-101');
    expect(j101).toMatchObject({ state: 'paid', paidDate: PAY_DATE, paidAmount: { EUR: '1234.56' }, interest: { EUR: '17.17' } });
    const run = await app.http.get(`/api/v1/payment-runs/${runId}`).set(as(app.tokens.finance)).expect(200);
    expect(run.body.state).toBe('paid');
    expect(run.body.transfers.filter((t: { confirmed: unknown }) => t.confirmed)).toHaveLength(transfers);

    // The same statement again changes nothing; another account's or a broken one is refused by name.
    const dup = await post(withStranger).expect(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate_statement' });
    const other = await post(
      statement.replace(`<IBAN>${ORG_IBAN}</IBAN></Id><Ccy>`, `<IBAN>${ibanOf('NL', 'ABNA0417164300')}</IBAN></Id><Ccy>`),
    ).expect(422);
    expect(other.body.error.message).toMatch(/^Stmt\[1\]\/Acct\/Id\/IBAN: NL\w+ is not the organisation's account/);
    const broken = await post(
      statement.replaceAll('2025-11-20-001', '2025-11-20-002').replace(/(<NtryRef>1<\/NtryRef><Amt Ccy="EUR">\d+\.\d\d)</, '$1' + '0<'),
    ).expect(400);
    expect(broken.body.error.message).toMatch(/^Stmt\[1\]\/Ntry\[1\]\/Amt: .* is not an amount in EUR/);
    const again = await app.http.get('/api/v1/invoices?supplierId=LEV001&asOf=2025-11-22').set(as(app.tokens.finance)).expect(200);
    expect(again.body.items).toEqual(inv.body.items);

    // The supplier sees the interest it was paid unasked on its status page.
    const link = await makeLink(app, 'LEV001');
    const page = textOf((await app.http.get(pathOf(link.url)).expect(200)).text);
    expect(page).toMatch(/Met onze betaling van 20 november 2025 betaalden wij u ongevraagd €\s57,17 wettelijke rente en vergoeding\./);
    expect(page).toMatch(/J-101 .*Betaald op 20 november 2025 \(volgens onze bank\)/);
  });
});
