import fs from 'node:fs';
import path from 'node:path';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import type { RunResult } from '../../workers/recompute.processor.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { csrfOf, setPasswordFor, signInCookie, textOf } from '../support/forms.ts';
import { ROOT } from '../support/spawn.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/group');
const AS_OF = '2025-10-01';

/**
 * A group of a Dutch B.V. and a UK Ltd sharing a supplier (S1), plus the default entity (MAIN, from the
 * ORG_* settings) for invoices that name none. Figures worked out by hand in the comments.
 */
describe('a group of legal entities over HTTP', () => {
  // "Today" for the web pages: UKLTD's last completed period is then 1 April to 30 September 2025.
  const app = useApp({ today: '2025-12-01' });
  const admin = () => bearer(app.tokens.admin);
  const finance = () => bearer(app.tokens.finance);

  async function importFile(kind: string, file: string) {
    const r = await app.http.post('/api/v1/imports').set(finance()).field('kind', kind).attach('file', path.join(FIXTURES, file));
    expect(r.status).toBe(202);
    return waitForImport(app, r.body.id, 100_000);
  }

  it('takes an entities file, refuses a bad one whole, and checks invoice files against the codes', { timeout: 240_000 }, async () => {
    const before = await app.http.get('/api/v1/entities').set(finance()).expect(200);
    expect(before.body).toMatchObject({ defaultEntity: 'MAIN', items: [{ code: 'MAIN', regime: 'NL', financialYearStart: '01-01' }] });

    await app.http
      .post('/api/v1/entities')
      .set(finance())
      .set('Content-Type', 'text/csv')
      .send(fs.readFileSync(path.join(FIXTURES, 'entities.csv')))
      .expect(403);
    const ok = await app.http
      .post('/api/v1/entities')
      .set(admin())
      .set('Content-Type', 'text/csv')
      .send(fs.readFileSync(path.join(FIXTURES, 'entities.csv')))
      .expect(200);
    expect(ok.body.added).toEqual(['NLBV', 'UKLTD']);
    expect(ok.body.items[1]).toMatchObject({
      code: 'UKLTD',
      regime: 'UK',
      financialYearStart: '04-01',
      baseCurrency: 'GBP',
      statements: { paymentCode: 'Fair Payment Code' },
    });

    // Three faults in one file: all named, nothing stored changes (NLBV keeps its name).
    const bad = await app.http
      .post('/api/v1/entities')
      .set(admin())
      .set('Content-Type', 'text/csv')
      .send(fs.readFileSync(path.join(FIXTURES, 'entities-bad.csv')))
      .expect(400);
    expect(bad.body.error.code).toBe('entities_rejected');
    const faults = bad.body.error.details.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`);
    expect(faults).toEqual(expect.arrayContaining(['3:financialYearStart', '4:code', '5:name', '5:regime']));
    expect(bad.body.error.message).toMatch(/line 3, financialYearStart: not a day of the year as MM-DD/);
    const after = await app.http.get('/api/v1/entities').set(finance()).expect(200);
    expect(after.body.items.map((e: { code: string; name: string }) => `${e.code} ${e.name}`)).toEqual([
      'MAIN MAIN',
      'NLBV Tijdig Groep B.V.',
      'UKLTD Tijdig UK Ltd',
    ]);

    expect((await importFile('suppliers', 'suppliers.csv')).status).toBe('completed');
    // The UK books' own id for Bakkerij Jansen: refused, as one company is one supplier to the group.
    const secondId = await importFile('suppliers', 'suppliers-second-id.csv');
    expect(secondId).toMatchObject({ status: 'completed', counts: { rejected: 1 } });
    expect(secondId.firstErrors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'registrationNumber',
        value: '5555-1234',
        reason: expect.stringMatching(/^already supplier S1's/),
      }),
    ]);
    await app.http.get('/api/v1/suppliers/S9').set(finance()).expect(404);
    const invoices = await importFile('invoices', 'invoices.csv');
    expect(invoices).toMatchObject({ status: 'completed', counts: { inserted: 7, rejected: 0 } });
    const unknown = await importFile('invoices', 'invoices-unknown-entity.csv');
    expect(unknown).toMatchObject({ status: 'completed', counts: { inserted: 1, rejected: 1 } });
    expect(unknown.firstErrors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'Entity',
        value: 'DEGMBH',
        reason: expect.stringMatching(/^unknown entity code \(entities: MAIN, NLBV, UKLTD\)/),
      }),
    ]);
    // U1 named its entity in lower case and no currency: stored as UKLTD, in the entity's pounds.
    const u1 = await app.http.get('/api/v1/invoices?supplierId=S1').set(finance()).expect(200);
    expect(u1.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === 'U1')).toMatchObject({ currency: 'GBP' });
  });

  it("computes each entity's invoices under its own law, and the group's figures as their sum", { timeout: 240_000 }, async () => {
    const started = await app.http.post('/api/v1/recompute').set(finance()).send({ asOf: AS_OF }).expect(202);
    await app.recompute.waitFor<RunResult>((await app.recompute.queue.getJob(started.body.jobId)) as Job, 100_000);

    const s1 = await app.http.get(`/api/v1/suppliers/S1/health?asOf=${AS_OF}`).set(finance()).expect(200);
    // NLBV, Dutch law: N1 1,000.00 EUR 242 days late (149 days at 11.15 %, 93 at 10.15 %) = 71.38;
    // N2 500.00 paid 15 days late at 11.15 % = 2.29. UKLTD, UK law: Bank Rate of 31 Dec 2024 + 8 =
    // 12.75 % fixed: U1 1,000.00 GBP 242 days = 84.53; U3 400.00 20 days = 2.79. Compensation EUR 40
    // each under Dutch law; GBP 70 (a debt of 1,000 pounds) and GBP 40 under UK law.
    expect(s1.body.byEntity).toEqual({
      NLBV: expect.objectContaining({ regime: 'NL', interestOwed: { EUR: '73.67' }, compensationOwed: { EUR: '80.00' } }),
      UKLTD: expect.objectContaining({ regime: 'UK', interestOwed: { GBP: '87.32' }, compensationOwed: { GBP: '110.00' } }),
    });
    expect(s1.body).toMatchObject({
      interestOwed: { EUR: '73.67', GBP: '87.32' },
      compensationOwed: { EUR: '80.00', GBP: '110.00' },
      outstanding: { EUR: '1000.00', GBP: '1000.00' },
    });

    // The invoice list computes each invoice as the figures do, under its entity's law.
    const list = await app.http.get(`/api/v1/invoices?supplierId=S1&asOf=${AS_OF}`).set(finance()).expect(200);
    const row = (n: string) => list.body.items.find((i: { invoiceNumber: string }) => i.invoiceNumber === n);
    expect(row('U1')).toMatchObject({ entity: 'UKLTD', interest: { GBP: '84.53' }, compensation: { GBP: '70.00' } });
    expect(row('N1')).toMatchObject({ entity: 'NLBV', interest: { EUR: '71.38' }, compensation: { EUR: '40.00' } });

    // The ranking of one entity: its suppliers, with its part of their money.
    const uk = await app.http.get(`/api/v1/suppliers?asOf=${AS_OF}&entity=ukltd`).set(finance()).expect(200);
    expect(uk.body.items.map((h: { supplierId: string }) => h.supplierId).sort()).toEqual(['S1', 'S2']);
    expect(uk.body.items.find((h: { supplierId: string }) => h.supplierId === 'S1')).toMatchObject({
      outstanding: { GBP: '1000.00' },
      interestOwed: { GBP: '87.32' },
    });
    const main = await app.http.get(`/api/v1/suppliers?asOf=${AS_OF}&entity=MAIN`).set(finance()).expect(200);
    expect(main.body.items.map((h: { supplierId: string }) => h.supplierId)).toEqual(['S2']);
    const group = await app.http.get(`/api/v1/suppliers?asOf=${AS_OF}`).set(finance()).expect(200);
    expect(group.body.total).toBe(2);
    const nope = await app.http.get(`/api/v1/suppliers?asOf=${AS_OF}&entity=NOPE`).set(finance()).expect(404);
    expect(nope.body.error.message).toMatch(/no entity NOPE \(entities: MAIN, NLBV, UKLTD\)/);

    const ageing = await app.http.get(`/api/v1/reports/ageing?asOf=${AS_OF}&entity=NLBV`).set(finance()).expect(200);
    // N1 1,000.00 to S1 and X1 10.00 to S2 (from the second invoice file).
    expect(ageing.body.outstanding).toEqual({ EUR: '1010.00' });
    const practices = await app.http
      .get('/api/v1/reports/payment-practices?from=2025-04-01&to=2025-10-01&entity=UKLTD')
      .set(finance())
      .expect(200);
    expect(practices.body.organisation).toMatchObject({ paymentsMade: 3, baseCurrency: 'GBP', meanDaysToPay: 55.67 });
  });

  it('writes the UK submission pack of a half of a financial year that starts on 1 April', { timeout: 120_000 }, async () => {
    const wrong = await app.http.get('/api/v1/reports/uk-pack?entity=UKLTD&periodStart=2025-05-01').set(finance()).expect(400);
    expect(wrong.body.error.message).toMatch(/its periods start on 2025-04-01, 2025-10-01/);

    const r = await app.http.get('/api/v1/reports/uk-pack?entity=UKLTD&periodStart=2025-04-01').set(finance()).expect(200);
    expect(r.body).toMatchObject({
      financialYear: { from: '2025-04-01', to: '2026-03-31' },
      period: { from: '2025-04-01', to: '2025-09-30' },
      currency: 'GBP',
    });
    const answer = Object.fromEntries(r.body.items.map((i: { key: string; answer: string | null }) => [i.key, i.answer]));
    // Paid in the period: U2 in 25 days (600.00), U3 in 50 (400.00), U4 in 92 (1,000.00); due in it:
    // those three, U3 and U4 late, U3 disputed.
    expect(answer).toMatchObject({
      companyName: 'Tijdig UK Ltd',
      companyNumber: '09876543',
      averageDaysToPay: '56',
      paidWithin30: '33.3',
      paid31to60: '33.3',
      paidOver60: '33.3',
      valuePaid: '2000.00',
      valueWithin30: '30',
      value31to60: '20',
      valueOver60: '50',
      notWithinTerms: '66.7',
      valueNotWithinTerms: '70',
      lateDueToDispute: '50',
      paymentCode: 'Fair Payment Code',
      retentionClauses: 'No construction contracts',
      paymentTermsChanges: null,
    });
    expect(r.body.items.find((i: { key: string }) => i.key === 'paymentTermsChanges').note).toBe(
      'not set: add paymentTermsChanges to the entities file',
    );
    const csv = await app.http.get('/api/v1/reports/uk-pack?entity=UKLTD&periodStart=2025-04-01&format=csv').set(finance()).expect(200);
    expect(csv.text.split(/\r?\n/)[0]).toBe('section,item,question,answer,note');
    expect(csv.text).toContain('statistics,averageDaysToPay,Average number of days taken to make payments in the reporting period,56,');
  });

  it("measures the Dutch entity's half-year against the statutory 30 and 60 days", { timeout: 120_000 }, async () => {
    const r = await app.http.get('/api/v1/reports/nl-half-year?entity=NLBV&periodStart=2025-01-01').set(finance()).expect(200);
    // N2 to S1 (a Dutch micro supplier of a large company): paid after 45 days, beyond its 30. Received
    // in the half: N1, N2 and X1 (from the file with an unknown entity), each on 30-day terms.
    expect(r.body).toMatchObject({
      period: { from: '2025-01-01', to: '2025-07-01' },
      paidBeyondStatutoryTerm: { payments: 1, count: 1, value: 1 },
      smePaidBeyond30: { payments: 1, count: 1 },
      termsBeyondStatutory: { invoices: 3, count: 0 },
    });
  });

  it('shows the entity filter, the reports each entity must file and the entities page in the web app', { timeout: 120_000 }, async () => {
    const cookies: Record<string, string> = {};
    for (const role of ['admin', 'finance'] as const) {
      const made = await createUser(`${role}@group.example`, role, 'test');
      await setPasswordFor(app.http, made.setPasswordPath);
      cookies[role] = await signInCookie(app.http, `${role}@group.example`);
    }
    const page = (path: string, role: 'admin' | 'finance' = 'finance') =>
      app.http.get(path).set('Cookie', cookies[role]).set('Accept-Language', 'en');

    // The reports page offers the whole group and each entity; one entity's figures are in its currency.
    const reports = await page('/app/reports?from=2025-04-01&to=2025-10-01&asOf=2025-10-01').expect(200);
    expect(reports.text).toContain('<option value="UKLTD">UKLTD — Tijdig UK Ltd</option>');
    expect(reports.text).toContain('href="/app/reports/uk-pack?entity=UKLTD&amp;periodStart=2025-04-01"');
    expect(reports.text).toContain('href="/app/reports/nl-half-year?entity=NLBV&amp;periodStart=2025-01-01"');
    const uk = textOf((await page('/app/reports?from=2025-04-01&to=2025-10-01&asOf=2025-10-01&entity=UKLTD').expect(200)).text);
    // Mean days to pay of the Ltd's three payments (as the API's report above): 55.67.
    expect(uk).toMatch(/Mean days to pay\s*55\.67 days/i);
    expect(uk).toMatch(/GBP\s/);
    const csv = await page('/app/reports/ageing.csv?asOf=2025-10-01&entity=NLBV').expect(200);
    expect(csv.headers['content-disposition']).toContain('ageing-NLBV-2025-10-01.csv');
    expect(csv.text).toContain('1010.00');

    // The overview of one entity: its part of what is owed, no trend (the days' totals are the group's).
    const started = await app.http.post('/api/v1/recompute').set(finance()).send({ asOf: '2025-12-01' }).expect(202);
    await app.recompute.waitFor<RunResult>((await app.recompute.queue.getJob(started.body.jobId)) as Job, 100_000);
    const overview = textOf((await page('/app?entity=UKLTD').expect(200)).text);
    expect(overview).toContain("UKLTD's part: what it owes");
    expect(overview).toMatch(/Overdue\s*£1,000\.00/);
    expect(overview).not.toMatch(/€/);
    expect((await page('/app?entity=UKLTD').expect(200)).text).toContain('href="/app/suppliers?level=');

    // Alerts of one entity: those about the suppliers it deals with. MAIN deals with S2 alone.
    const alertsOf = async (q: string) =>
      (await app.http.get(`/api/v1/alerts?limit=1000${q}`).set(finance()).expect(200)).body.items.map(
        (a: { supplierId: string }) => a.supplierId,
      );
    expect(await alertsOf('')).toContain('S1');
    expect(await alertsOf('&entity=ukltd')).toContain('S1');
    expect(await alertsOf('&entity=MAIN')).not.toContain('S1');
    await app.http.get('/api/v1/alerts?entity=NOPE').set(finance()).expect(404);
    const alertsPage = (await page('/app/alerts?entity=MAIN&state=all').expect(200)).text;
    expect(alertsPage).toContain('<option value="MAIN" selected>MAIN — MAIN</option>');
    expect(textOf(alertsPage)).not.toContain('Bakkerij Jansen');

    // The UK pack, item by item in the form's order, with the reason where there is no answer.
    const pack = await page('/app/reports/uk-pack?entity=UKLTD&periodStart=2025-04-01').expect(200);
    const packText = textOf(pack.text);
    expect(packText).toMatch(/Average number of days taken to make payments in the reporting period\s*56/);
    expect(packText).toMatch(/Percentage of payments not paid within the agreed terms because of a dispute\s*50/);
    expect(packText).toMatch(
      /Any changes to your standard payment terms during the reporting period\s*No answer\s*not set: add paymentTermsChanges/,
    );
    expect(packText.indexOf('Company number')).toBeLessThan(packText.indexOf('Average number of days'));
    expect(pack.text).toContain('href="/app/reports/uk-pack.csv?entity=UKLTD&amp;periodStart=2025-04-01"');
    const packCsv = await page('/app/reports/uk-pack.csv?entity=UKLTD&periodStart=2025-04-01').expect(200);
    expect(packCsv.text).toContain('statistics,averageDaysToPay,');
    const wrong = await page('/app/reports/uk-pack?entity=UKLTD&periodStart=2025-05-01').expect(400);
    expect(textOf(wrong.text)).toContain(
      "2025-05-01 does not start a reporting period of UKLTD's financial year (its periods start on 2025-04-01, 2025-10-01)",
    );

    const nl = textOf((await page('/app/reports/nl-half-year?entity=NLBV&periodStart=2025-01-01').expect(200)).text);
    expect(nl).toMatch(/Payments to Dutch SME suppliers made after more than 30 days\s*100% of 1/);
    expect(nl).toMatch(/Invoices received with a longer term than the law allows\s*0% of 3/);

    // The entities page: admins only; a bad file is refused whole and each fault named by line.
    await page('/app/admin/entities').expect(403);
    const entities = await page('/app/admin/entities', 'admin').expect(200);
    expect(textOf(entities.text)).toMatch(/UKLTD\s*Tijdig UK Ltd\s*GB\s*UK\s*yes\s*30\s*04-01\s*GBP/);
    const { token, cookie } = csrfOf(entities);
    const upload = (file: string, csrf = token) =>
      app.http
        .post('/app/admin/entities')
        .set('Cookie', `${cookies.admin}; ${cookie}`)
        .set('Accept-Language', 'en')
        .field('_csrf', csrf)
        .attach('file', path.join(FIXTURES, file), { contentType: 'text/csv' });
    await upload('entities.csv', 'not-the-token').expect(403);
    const refused = textOf((await upload('entities-bad.csv').expect(400)).text);
    expect(refused).toMatch(/3\s*financialYearStart\s*13-01\s*not a day of the year as MM-DD/);
    expect(textOf((await page('/app/admin/entities', 'admin').expect(200)).text)).toContain('Tijdig Groep B.V.');
    const again = textOf((await upload('entities.csv').expect(200)).text);
    expect(again).toContain('Imported. Added: none. Changed: none.');
  });
});
