/** Converted totals: absent without rates (every output as before), present and labelled with them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearer, useApp, waitForRun } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/spawn.ts';
import { FIXTURE_TODAY, importStatusFixtures } from '../support/status-fixtures.ts';

describe('exchange rates and converted totals', () => {
  const app = useApp();

  it('adds converted totals to the ageing report once rates exist, at the latest rates on or before the date', {
    timeout: 240_000,
  }, async () => {
    await importStatusFixtures(app);
    const started = await app.http.post('/api/v1/recompute').set(bearer(app.tokens.finance)).send({ asOf: FIXTURE_TODAY }).expect(202);
    await waitForRun(app, started.body.jobId);
    const before = await app.http.get(`/api/v1/reports/ageing?asOf=${FIXTURE_TODAY}`).set(bearer(app.tokens.finance)).expect(200);
    expect(before.body).not.toHaveProperty('converted');

    await app.http.post('/api/v1/fx-rates').set(bearer(app.tokens.finance)).send({}).expect(403);
    const bad = await app.http
      .post('/api/v1/fx-rates')
      .set(bearer(app.tokens.admin))
      .send({ date: '2025-11-18', source: 'x', perEur: { usd: '1' } })
      .expect(400);
    expect(bad.body.error.message).toMatch(/body\.perEur/);
    await app.http
      .post('/api/v1/fx-rates')
      .set(bearer(app.tokens.admin))
      .send({ date: '2025-11-18', source: 'ECB reference rates', perEur: { USD: '1.0600', GBP: '0.8800' } })
      .expect(201);
    const after = await app.http.get(`/api/v1/reports/ageing?asOf=${FIXTURE_TODAY}`).set(bearer(app.tokens.finance)).expect(200);
    // Everything in the fixtures is EUR: the converted figures equal the EUR totals.
    expect(after.body.converted).toEqual({
      currency: 'EUR',
      rates: 'ECB reference rates, rates of 2025-11-18',
      outstanding: after.body.outstanding.EUR,
      overdue: after.body.overdue.EUR,
      interestOwed: after.body.interestOwed.EUR,
      compensationOwed: after.body.compensationOwed.EUR,
      leftOut: [],
    });
    expect({ ...after.body, converted: undefined }).toEqual({ ...before.body, converted: undefined });
    const days = await app.http.get('/api/v1/fx-rates').set(bearer(app.tokens.admin)).expect(200);
    expect(days.body.days).toEqual([{ date: '2025-11-18', currencies: 2, source: 'ECB reference rates' }]);
  });

  it('imports the ECB file from the command line', async () => {
    const r = await runCli(['fx', 'import', path.join(ROOT, 'test/fixtures/fx/eurofxref-hist.csv')], app.mongoUri);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^8 rates of 2 day\(s\) stored/);
    const list = await runCli(['fx', 'list'], app.mongoUri);
    expect(list.stdout).toMatch(/2025-03-10\s+4\s+eurofxref-hist\.csv/);
  });
});
