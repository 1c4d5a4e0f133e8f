import path from 'node:path';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../workers/recompute.processor.ts';
import { bearer, useApp, waitForImport } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';

const AS_OF = '2025-03-10';

describe('reports over HTTP, on a freshly imported file', () => {
  const app = useApp();

  // Generous time: under the full suite this shares two cores with worker processes of other files.
  it('imports, recomputes, and ranks suppliers by harm with the documented JSON fields', { timeout: 240_000 }, async () => {
    for (const [kind, file] of [
      ['suppliers', 'suppliers-nl.csv'],
      ['invoices', 'exact-nl-bom.csv'],
    ]) {
      const r = await app.http
        .post('/api/v1/imports')
        .set(bearer(app.tokens.finance))
        .field('kind', kind)
        .attach('file', path.join(ROOT, 'test/fixtures/import', file));
      expect((await waitForImport(app, r.body.id, 100_000)).status).toBe('completed');
    }
    await app.http.get(`/api/v1/suppliers?sort=harm&asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(409);

    await app.http.post('/api/v1/recompute').set(bearer(app.tokens.procurement)).send({ asOf: AS_OF }).expect(403);
    const started = await app.http.post('/api/v1/recompute').set(bearer(app.tokens.finance)).send({ asOf: AS_OF }).expect(202);
    const job = (await app.recompute.queue.getJob(started.body.jobId)) as Job;
    expect((await app.recompute.waitFor<RunResult>(job, 100_000)).computed).toBe(2);

    const list = await app.http.get(`/api/v1/suppliers?sort=harm&asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(200);
    expect(list.body.items.map((s: { supplierId: string }) => s.supplierId)).toEqual(['LEV001', 'LEV002']);
    const top = list.body.items[0];
    for (const field of [
      'supplierId',
      'name',
      'asOf',
      'ageing',
      'outstanding',
      'overdue',
      'maxDaysOverdue',
      'dbt',
      'payerScore',
      'interestOwed',
      'compensationOwed',
      'spend12m',
      'dependencyShare',
      'withheldRevenueDays',
      'termBreaches',
      'harmScore',
      'harmLevel',
      'reasons',
    ])
      expect(top).toHaveProperty(field);
    // LEV001: 1,234.56 open, due 2 Feb (36 days overdue on 10 Mar); 500.00 paid 6 days late.
    expect(top).toMatchObject({
      name: 'Bakkerij Jansen',
      asOf: AS_OF,
      outstanding: { EUR: '1234.56' },
      overdue: { EUR: '1234.56' },
      maxDaysOverdue: 36,
      interestOwed: { EUR: '14.50' },
      compensationOwed: { EUR: '80.00' },
      ageing: { EUR: { notDue: '0.00', d1_30: '0.00', d31_60: '1234.56', d61_90: '0.00', d91plus: '0.00' } },
      withheldRevenueDays: 1.23,
    });
    // LEV002 only has a credit note: nothing overdue, revenue known, so zero rather than unknown.
    expect(list.body.items[1]).toMatchObject({
      outstanding: { EUR: '-3000.00' },
      overdue: {},
      payerScore: null,
      withheldRevenueDays: 0,
    });
    // A list item puts unlawful terms together per term; one supplier's endpoints have each breach too.
    expect(list.body.items[1].termBreaches).toEqual([
      { rule: 'EU_MAX_60_DAYS', termDays: 90, limitDays: 60, agreed: true, invoiceCount: 0, invoiceNumbers: [] },
    ]);
    expect(list.body.items[1]).not.toHaveProperty('legalTermBreaches');
    const one = await app.http.get(`/api/v1/suppliers/LEV002/health?asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(200);
    expect(one.body.legalTermBreaches[0]).toMatchObject({ rule: 'EU_MAX_60_DAYS', termDays: 90 });
  });

  it('serves one supplier, the ageing report and the payment-practice report, in JSON and CSV', async () => {
    const one = await app.http.get(`/api/v1/suppliers/LEV001/health?asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(200);
    expect(one.body.reasons.join(' ')).toMatch(/36 days past its due date/);
    await app.http.get(`/api/v1/suppliers/NOPE/health?asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(404);

    const ageing = await app.http.get(`/api/v1/reports/ageing?asOf=${AS_OF}`).set(bearer(app.tokens.procurement)).expect(200);
    expect(ageing.body.total).toEqual({ EUR: { notDue: '0.00', d1_30: '0.00', d31_60: '1234.56', d61_90: '0.00', d91plus: '0.00' } });
    expect(ageing.body.interestOwed).toEqual({ EUR: '14.50' });
    const csv = await app.http.get(`/api/v1/reports/ageing?asOf=${AS_OF}&format=csv`).set(bearer(app.tokens.procurement)).expect(200);
    expect(csv.text).toContain('TOTAL,all suppliers,EUR,0.00,0.00,1234.56,0.00,0.00');

    const pp = await app.http
      .get('/api/v1/reports/payment-practices?from=2025-01-01&to=2025-04-01')
      .set(bearer(app.tokens.procurement))
      .expect(200);
    expect(pp.body.organisation).toMatchObject({
      paymentsMade: 1,
      meanDaysToPay: 36,
      medianDaysToPay: 36,
      p95DaysToPay: 36,
      days31to60: { count: 1, value: 1 },
      paymentsDue: 2,
      notWithinTerms: { count: 1, value: 1 },
      disputedShareOfLate: 0,
    });
    const ranking = await app.http.get(`/api/v1/suppliers?asOf=${AS_OF}&format=csv`).set(bearer(app.tokens.procurement)).expect(200);
    expect(ranking.text.split('\r\n')[1]).toMatch(/^1,LEV001,Bakkerij Jansen,/);
  });

  it('names the bad field of a bad query and refuses requests without a token', async () => {
    const bad = await app.http
      .get('/api/v1/reports/payment-practices?from=2025-13-01&to=2025-04-01')
      .set(bearer(app.tokens.procurement))
      .expect(400);
    expect(bad.body.error.message).toMatch(/query\.from: must be a calendar date/);
    const empty = await app.http
      .get('/api/v1/reports/payment-practices?from=2025-04-01&to=2025-04-01')
      .set(bearer(app.tokens.procurement))
      .expect(400);
    expect(empty.body.error.message).toMatch(/empty/);
    await app.http.get('/api/v1/suppliers').expect(401);
  });
});
