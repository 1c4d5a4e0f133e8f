import { describe, expect, it } from 'vitest';
import {
  completedPeriods,
  type Entity,
  financialYearOf,
  isMonthDay,
  reportingPeriodStartingOn,
  reportingPeriods,
} from '../../src/domain/entity.ts';
import { ukPack } from '../../src/domain/uk-pack.ts';
import { publishedPeriods } from '../../src/services/published-practices.ts';
import { periodShortLabel } from '../../src/web/view-models/practices-view.ts';
import { inv } from './fixtures.ts';

const aprilYear = { financialYearStart: '04-01', financialYears: [] };

describe("reporting periods from an entity's financial year", () => {
  it('finds the financial year of a date for a year that starts on 1 April', () => {
    expect(financialYearOf(aprilYear, '2025-12-01')).toEqual({ from: '2025-04-01', to: '2026-04-01' });
    expect(financialYearOf(aprilYear, '2025-03-31')).toEqual({ from: '2024-04-01', to: '2025-04-01' });
    expect(financialYearOf(aprilYear, '2025-04-01')).toEqual({ from: '2025-04-01', to: '2026-04-01' });
  });

  it('splits a year as the UK regulations do: nine months or less whole, up to fifteen in two, longer in three', () => {
    // Twelve months: the first six and the rest.
    expect(reportingPeriods({ from: '2025-04-01', to: '2026-04-01' })).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2025-10-01', to: '2026-04-01' },
    ]);
    // Nine months exactly: one period.
    expect(reportingPeriods({ from: '2025-04-01', to: '2026-01-01' })).toEqual([{ from: '2025-04-01', to: '2026-01-01' }]);
    // Ten months: six, then four.
    expect(reportingPeriods({ from: '2025-04-01', to: '2026-02-01' })).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2025-10-01', to: '2026-02-01' },
    ]);
    // Fifteen months exactly: six, then nine.
    expect(reportingPeriods({ from: '2025-04-01', to: '2026-07-01' })).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2025-10-01', to: '2026-07-01' },
    ]);
    // Eighteen months: six, six and six.
    expect(reportingPeriods({ from: '2025-04-01', to: '2026-10-01' })).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2025-10-01', to: '2026-04-01' },
      { from: '2026-04-01', to: '2026-10-01' },
    ]);
  });

  it('takes a changed year end from the listed irregular years, and says where periods start when asked for another day', () => {
    const changed = { financialYearStart: '04-01', financialYears: [{ from: '2025-04-01', to: '2026-06-30' }] };
    expect(financialYearOf(changed, '2026-05-15')).toEqual({ from: '2025-04-01', to: '2026-07-01' });
    expect(reportingPeriodStartingOn(changed, '2025-10-01')).toEqual({
      period: { from: '2025-10-01', to: '2026-07-01' },
      financialYear: { from: '2025-04-01', to: '2026-07-01' },
    });
    expect(reportingPeriodStartingOn(aprilYear, '2025-05-01')).toEqual({ starts: ['2025-04-01', '2025-10-01'] });
  });

  it('lists the periods completed by a date, latest first, across financial years', () => {
    expect(completedPeriods(aprilYear, '2025-12-01', 3)).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2024-10-01', to: '2025-04-01' },
      { from: '2024-04-01', to: '2024-10-01' },
    ]);
    // A period ending on the day before is complete on that day.
    expect(completedPeriods(aprilYear, '2025-10-01', 1)).toEqual([{ from: '2025-04-01', to: '2025-10-01' }]);
  });

  it("publishes the default entity's reporting periods, which are calendar half-years for a calendar year", () => {
    expect(publishedPeriods('2025-12-01', 2, { financialYearStart: '01-01', financialYears: [] })).toEqual(
      publishedPeriods('2025-12-01', 2),
    );
    expect(publishedPeriods('2025-12-01', 2, aprilYear)).toEqual([
      { from: '2025-04-01', to: '2025-10-01' },
      { from: '2024-10-01', to: '2025-04-01' },
    ]);
    expect(periodShortLabel({ from: '2025-07-01', to: '2026-01-01' })).toBe('2025-H2');
    expect(periodShortLabel({ from: '2025-04-01', to: '2025-10-01' })).toBe('2025-04/2025-09');
  });

  it('reads a financial-year start as MM-DD, refusing 29 February and days that do not exist', () => {
    expect(isMonthDay('04-01')).toBe(true);
    expect(isMonthDay('12-31')).toBe(true);
    expect(isMonthDay('02-29')).toBe(false);
    expect(isMonthDay('13-01')).toBe(false);
    expect(isMonthDay('04-31')).toBe(false);
    expect(isMonthDay('2025-04-01')).toBe(false);
  });
});

describe('the UK submission pack', () => {
  const ltd: Entity = {
    code: 'UKLTD',
    name: 'Example Ltd',
    country: 'GB',
    regime: 'UK',
    locale: 'en-GB',
    isLarge: true,
    paymentTermsDays: 30,
    financialYearStart: '04-01',
    financialYears: [],
    baseCurrency: 'GBP',
    timezone: 'Europe/London',
    registrationNumber: null,
    vatNumber: null,
    iban: null,
    bic: null,
    statements: { paymentCode: 'Fair Payment Code' },
  };
  const answers = (p: ReturnType<typeof ukPack>) => Object.fromEntries(p.items.map((i) => [i.key, { answer: i.answer, note: i.note }]));

  it('asks for values only from financial years beginning in 2025, and retention clauses from 1 April 2025', () => {
    const paid = [inv({ receivedDate: '2024-04-10', issueDate: '2024-04-10', paidDate: '2024-05-20', amount: 100_00, currency: 'GBP' })];
    const before = answers(ukPack(ltd, { from: '2024-04-01', to: '2025-04-01' }, { from: '2024-04-01', to: '2024-10-01' }, paid));
    expect(before.averageDaysToPay.answer).toBe('40');
    expect(before.valuePaid).toEqual({ answer: null, note: 'asked for financial years beginning on or after 1 January 2025 only' });
    expect(before.retentionClauses).toEqual({ answer: null, note: 'asked for financial years beginning on or after 1 April 2025 only' });
    expect(before.companyNumber.note).toBe('not set: add registrationNumber to the entities file');

    const after = answers(ukPack(ltd, { from: '2025-04-01', to: '2026-04-01' }, { from: '2025-04-01', to: '2025-10-01' }, []));
    expect(after.averageDaysToPay).toEqual({ answer: null, note: 'no payments were made in the reporting period' });
    expect(after.valuePaid.answer).toBe('0.00');
    expect(after.retentionClauses.note).toBe('not set: add retentionClauses to the entities file');
    expect(after.paymentCode).toEqual({ answer: 'Fair Payment Code', note: null });
  });

  it("keeps the form's order: the business, the statistics, the terms, then the policies", () => {
    const p = ukPack(ltd, { from: '2025-04-01', to: '2026-04-01' }, { from: '2025-04-01', to: '2025-10-01' }, []);
    const sections = p.items.map((i) => i.section);
    expect([...new Set(sections)]).toEqual(['business', 'statistics', 'terms', 'policies']);
    expect(sections).toEqual(
      [...sections].sort(
        (a, b) => ['business', 'statistics', 'terms', 'policies'].indexOf(a) - ['business', 'statistics', 'terms', 'policies'].indexOf(b),
      ),
    );
    expect(p.items.slice(0, 2).map((i) => i.key)).toEqual(['companyName', 'companyNumber']);
    expect(p.period).toEqual({ from: '2025-04-01', to: '2025-09-30' });
  });
});
