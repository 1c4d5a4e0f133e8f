import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { useMongo } from '../support/mongo.ts';
import { ROOT } from '../support/spawn.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/group');

describe('tijdig import entities and report uk-pack', () => {
  const m = useMongo();

  it('refuses a bad entities file whole, takes a good one, and writes a UK pack for a half of a 1 April year', {
    timeout: 120_000,
  }, async () => {
    const bad = await runCli(['import', 'entities', path.join(FIXTURES, 'entities-bad.csv')], m.uri);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nothing changed/);
    expect(bad.stderr).toMatch(/line 3, column financialYearStart, value "13-01": not a day of the year as MM-DD/);

    const ok = await runCli(['import', 'entities', path.join(FIXTURES, 'entities.csv')], m.uri);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/2 entities imported \(2 new, 0 changed\)/);
    expect(ok.stdout).toMatch(/UKLTD: Tijdig UK Ltd, GB, UK law, financial year from 04-01, GBP/);

    const wrong = await runCli(['report', 'uk-pack', '--entity', 'UKLTD', '--period-start', '2025-05-01'], m.uri);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/its periods start on 2025-04-01, 2025-10-01/);

    const csv = await runCli(['report', 'uk-pack', '--entity', 'ukltd', '--period-start', '2025-10-01', '--format', 'csv'], m.uri);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('section,item,question,answer,note');
    expect(lines).toContain('business,periodEnd,End date of the reporting period,2026-03-31,');
    expect(lines).toContain(
      'statistics,averageDaysToPay,Average number of days taken to make payments in the reporting period,,no payments were made in the reporting period',
    );
  });
});
