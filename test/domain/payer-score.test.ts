import { describe, expect, it } from 'vitest';
import { dbt, paydex, paydexFromDelta } from '../../src/domain/payer-score.ts';
import { inv } from './fixtures.ts';

describe('DBT', () => {
  it('weights the overdue buckets 15/45/75/105 over the total outstanding including not due', () => {
    expect(dbt({ EUR: { notDue: 1000, d1_30: 1000, d31_60: 0, d61_90: 0, d91plus: 2000 } }, 'EUR').days).toBe(56.25);
    expect(dbt({ EUR: { notDue: 0, d1_30: 0, d31_60: 500, d61_90: 500, d91plus: 0 } }, 'EUR').days).toBe(60);
  });

  it('is 0 when nothing is outstanding', () => {
    expect(dbt({}, 'EUR').days).toBe(0);
  });

  it('converts other currencies with the FX table, or leaves them out and says so', () => {
    const ageing = {
      EUR: { notDue: 1000, d1_30: 0, d31_60: 0, d61_90: 0, d91plus: 0 },
      USD: { notDue: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91plus: 2000 },
    };
    expect(dbt(ageing, 'EUR', { base: 'EUR', rates: { USD: '0.5' } })).toEqual({ days: 52.5, excludedCurrencies: [] });
    expect(dbt(ageing, 'EUR')).toEqual({ days: 0, excludedCurrencies: ['USD'] });
  });
});

describe('PAYDEX-style score', () => {
  it.each([
    [-45, 100],
    [-30, 100],
    [-15, 90],
    [0, 80],
    [7.5, 75],
    [15, 70],
    [45, 45],
    [150, 10.5],
    [180, 1],
    [365, 1],
  ])('maps a mean delay of %d days to %d', (delta, score) => {
    expect(paydexFromDelta(delta)).toBeCloseTo(score, 10);
  });

  it('weighs each payment of the last 365 days by its value', () => {
    const asOf = '2025-06-30';
    const r = paydex(
      [
        inv({ dueDate: '2025-03-01', paidDate: '2025-03-01', amount: 100_00 }), // delta 0
        inv({ dueDate: '2025-03-01', paidDate: '2025-03-21', amount: 300_00 }), // delta 20
        inv({ dueDate: '2024-05-01', paidDate: '2024-06-30', amount: 999_00 }), // asOf − 365: outside the window
        inv({ dueDate: '2025-06-01', amount: 999_00 }), // open: not a payment
      ],
      asOf,
      'EUR',
    );
    expect(r.meanDelta).toBe(15);
    expect(r.score).toBe(70);
    expect(r.payments).toBe(2);
  });

  it('is null when there is no payment in the window', () => {
    expect(paydex([inv({ dueDate: '2025-06-01' })], '2025-06-30', 'EUR').score).toBeNull();
  });
});
