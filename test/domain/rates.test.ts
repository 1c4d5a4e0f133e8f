import { describe, expect, it } from 'vitest';
import { lackingRates, shippedTable, withRates } from '../../src/domain/rates/rate-table.ts';

describe('which reference rates an admin still has to add', () => {
  it('names the coming half-year of each family, and nothing before it while the shipped table is whole', () => {
    expect(lackingRates(shippedTable('EU'), '2026-12-07')).toEqual([{ date: '2027-01-01', coming: true }]);
    expect(lackingRates(shippedTable('UK'), '2026-12-07')).toEqual([{ date: '2026-12-31', coming: true }]);
  });

  it('names a half-year already begun without its rate as in use, not coming', () => {
    const eu = lackingRates(shippedTable('EU'), '2027-03-01');
    expect(eu).toEqual([
      { date: '2027-01-01', coming: false },
      { date: '2027-07-01', coming: true },
    ]);
    // On the reference date itself the rate is already needed.
    expect(lackingRates(shippedTable('UK'), '2026-12-31')).toEqual([
      { date: '2026-12-31', coming: false },
      { date: '2027-06-30', coming: true },
    ]);
  });

  it('finds a gap in the middle of a table, and forgets a date once it is added', () => {
    const gap = { ...shippedTable('EU'), rates: shippedTable('EU').rates.filter((r) => r.from !== '2024-07-01') };
    expect(lackingRates(gap, '2026-12-07').map((x) => x.date)).toEqual(['2024-07-01', '2027-01-01']);
    const whole = withRates(gap, [{ from: '2027-01-01', rate: '2.40', source: 'test' }]);
    expect(lackingRates(whole, '2026-12-07').map((x) => x.date)).toEqual(['2024-07-01']);
  });
});
