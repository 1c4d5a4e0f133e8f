import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compensation, invoiceInterest, isLate, type Regime } from '../../src/domain/interest.ts';
import { lookupRate, shippedTable, withRates } from '../../src/domain/rates/rate-table.ts';
import { inv } from './fixtures.ts';

const EU = shippedTable('EU');
const UK = shippedTable('UK');

// Expected figures were computed independently with exact fractions (Python's fractions module).
describe('statutory interest (NL default, EU, UK)', () => {
  it('uses the shipped reference rates plus 8 points, as DOMAIN.md lists them', () => {
    const expected: Array<[string, number]> = [
      ['2022-01-01', 800],
      ['2022-07-01', 800],
      ['2023-01-01', 1050],
      ['2023-07-01', 1200],
      ['2024-01-01', 1250],
      ['2024-07-01', 1225],
      ['2025-01-01', 1115],
      ['2025-07-01', 1015],
      ['2026-01-01', 1015],
      ['2026-07-01', 1040],
    ];
    for (const [date, bp] of expected) expect(lookupRate(EU, date)).toEqual({ bp, from: date });
  });

  it.each([
    ['30 days in one half-year', '2025-01-31', '2025-03-02', 9164],
    ['paid the day after the due date is one day', '2025-01-31', '2025-02-01', 305],
    ['paid on the due date is no interest', '2025-01-31', '2025-01-31', 0],
    ['paid early is no interest', '2025-01-31', '2025-01-20', 0],
    ['across 1 July: 10 days at 11.15 % and 10 at 10.15 %', '2025-06-20', '2025-07-10', 5836],
  ])('EUR 10,000 paid late, %s', (_label, due, paid, cents) => {
    const r = invoiceInterest(inv({ amount: 10_000_00, dueDate: due, paidDate: paid }), '2025-12-31', 'NL', EU);
    expect(r.interest).toBe(cents);
    expect(r.missingRates).toEqual([]);
  });

  it('stays exact for amounts whose products no longer fit a double', () => {
    // 10^15 minor units × 1115 bp × 30 days is past 2^53: the exact BigInt sum is taken instead.
    const huge = inv({ amount: 10 ** 15, dueDate: '2025-01-31', paidDate: '2025-03-02' });
    expect(invoiceInterest(huge, '2025-12-31', 'NL', EU).interest).toBe(9_164_383_561_644);
  });

  it('compounds yearly under NL law and not under the plain EU regime (a leap year of delay)', () => {
    const open = inv({ amount: 10_000_00, dueDate: '2023-12-31' });
    expect(invoiceInterest(open, '2025-01-10', 'NL', EU).interest).toBe(127_516);
    expect(invoiceInterest(open, '2025-01-10', 'EU', EU).interest).toBe(127_137);
    expect(invoiceInterest(open, '2025-01-10', 'NL', EU).days).toBe(376);
  });

  it('compounds after each full year over two years', () => {
    const open = inv({ amount: 10_000_00, dueDate: '2023-06-30' });
    expect(invoiceInterest(open, '2025-06-30', 'NL', EU).interest).toBe(254_243);
    expect(invoiceInterest(open, '2025-06-30', 'EU', EU).interest).toBe(239_867);
  });

  it('charges an open invoice on its outstanding amount, and a late partial payment up to its date', () => {
    const partial = inv({ amount: 10_000_00, paidAmount: 4_000_00, paidDate: '2025-02-10', dueDate: '2025-01-31' });
    expect(invoiceInterest(partial, '2025-03-02', 'NL', EU).interest).toBe(6_721);
  });

  it('uses the last known rate for a missing half-year and says so', () => {
    // 29 days at the last known rate, 10.40 % (1 July 2026): 10,000 × 0.104 × 29 / 365 = 82.630…
    const r = invoiceInterest(inv({ amount: 10_000_00, dueDate: '2027-01-31' }), '2027-03-01', 'NL', EU);
    expect(r.interest).toBe(8_263);
    expect(r.missingRates).toEqual(['2027-01-01']);
    const added = withRates(EU, [{ from: '2027-01-01', rate: '2.15', source: 'test' }]);
    expect(invoiceInterest(inv({ amount: 10_000_00, dueDate: '2027-01-31' }), '2027-03-01', 'NL', added).missingRates).toEqual([]);
  });

  it('never charges interest on credit notes or cancelled invoices', () => {
    expect(invoiceInterest(inv({ amount: -10_000_00, dueDate: '2025-01-01' }), '2025-06-01', 'NL', EU).interest).toBe(0);
    expect(invoiceInterest(inv({ amount: 10_000_00, dueDate: '2025-01-01', status: 'cancelled' }), '2025-06-01', 'NL', EU).interest).toBe(
      0,
    );
  });

  it('gives each invoice its own figure whatever was computed before it with the same dates', () => {
    // Per-unit figures are shared between invoices with the same due and end dates, per regime and
    // table: a fresh table (nothing shared yet) must agree with one already used for everything else.
    const day = (n: number) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const late = fc.record({
      amount: fc.integer({ min: 1, max: 10 ** 12 }),
      due: fc.integer({ min: 0, max: 1100 }),
      delay: fc.integer({ min: -10, max: 900 }),
      regime: fc.constantFrom<Regime>('NL', 'EU'),
      withoutLastRate: fc.boolean(),
    });
    const shared = { complete: withRates(EU, []), partial: { ...EU, rates: EU.rates.slice(0, -1) } };
    fc.assert(
      fc.property(fc.array(late, { minLength: 1, maxLength: 30 }), (cases) => {
        for (const c of cases) {
          const invoice = inv({ amount: c.amount, dueDate: day(c.due), paidDate: day(c.due + c.delay) });
          const table = c.withoutLastRate ? shared.partial : shared.complete;
          const fresh = c.withoutLastRate ? { ...EU, rates: EU.rates.slice(0, -1) } : withRates(EU, []);
          expect(invoiceInterest(invoice, '2026-11-24', c.regime, table)).toEqual(invoiceInterest(invoice, '2026-11-24', c.regime, fresh));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('UK: Bank Rate + 8 fixed at the 31 December before interest starts, simple', () => {
    const r = invoiceInterest(
      inv({ amount: 5_000_00, currency: 'GBP', dueDate: '2025-01-31', paidDate: '2025-03-02' }),
      '2025-12-31',
      'UK',
      UK,
    );
    expect(r.interest).toBe(5_240);
  });
});

describe('fixed compensation', () => {
  it('is EUR 40 per late invoice under the EU/NL regime, whatever the currency', () => {
    expect(compensation(inv({ dueDate: '2025-01-31', paidDate: '2025-02-01' }), '2025-12-31', 'NL')).toEqual({
      amount: 40_00,
      currency: 'EUR',
    });
    expect(compensation(inv({ dueDate: '2025-01-31', currency: 'USD' }), '2025-02-01', 'EU')).toEqual({ amount: 40_00, currency: 'EUR' });
    expect(compensation(inv({ dueDate: '2025-01-31', paidDate: '2025-01-31' }), '2025-12-31', 'NL')).toBeNull();
    expect(compensation(inv({ dueDate: '2025-01-31' }), '2025-01-31', 'NL')).toBeNull();
  });

  it.each([
    [999_99, 40_00],
    [1_000_00, 70_00],
    [9_999_99, 70_00],
    [10_000_00, 100_00],
  ])('UK: a debt of %i pence earns %i pence', (amount, fee) => {
    expect(compensation(inv({ amount, currency: 'GBP', dueDate: '2025-01-31' }), '2025-03-01', 'UK')).toEqual({
      amount: fee,
      currency: 'GBP',
    });
  });

  it('counts an invoice as late when open past due or paid after due, never a credit note', () => {
    expect(isLate(inv({ dueDate: '2025-01-31' }), '2025-02-01')).toBe(true);
    expect(isLate(inv({ dueDate: '2025-01-31', amount: -5 }), '2025-06-01')).toBe(false);
  });
});
