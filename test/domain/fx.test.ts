/** Exchange rates: cross rates through the euro, exact to 8 decimals; the two file formats. */
import { describe, expect, it } from 'vitest';
import { convertTotals, fxTableFor, parseEcbCsv, parsePlainCsv } from '../../src/domain/fx.ts';

const day = { date: '2025-03-10', perEur: { USD: '1.0840', GBP: '0.83980', JPY: '160.12' }, source: 'ECB' };

describe('exchange rates', () => {
  it('converts into EUR by dividing by the rate per euro', () => {
    const t = fxTableFor(day, 'EUR')!;
    // 1 USD = 1 / 1.0840 EUR = 0.92250922…
    expect(t.rates.USD).toBe('0.92250923');
    expect(convertTotals({ EUR: 100_00, USD: 1084_00 }, t)).toEqual({ total: 1100_00, leftOut: [] });
    // JPY has no minor units: 16012 yen = 100 EUR.
    expect(convertTotals({ JPY: 16_012 }, t)).toEqual({ total: 100_00, leftOut: [] });
  });

  it('converts into another reporting currency through the euro, and says which currencies it could not', () => {
    const t = fxTableFor(day, 'GBP')!;
    // 1 EUR = 0.8398 GBP; 1 USD = 0.8398 / 1.084 GBP.
    expect(t.rates.EUR).toBe('0.83980000');
    expect(t.rates.USD).toBe('0.77472325');
    expect(convertTotals({ EUR: 1000_00, CHF: 5_00 }, t)).toEqual({ total: 839_80, leftOut: ['CHF'] });
    expect(fxTableFor(day, 'CHF')).toBeNull();
  });

  it('reads the ECB file (N/A and trailing empty columns skipped) and the plain one, naming the bad line', () => {
    const ecb = parseEcbCsv('Date,USD,CYP,\n2025-03-10,1.0840,N/A,\n', 'ECB');
    expect(ecb).toEqual([{ date: '2025-03-10', perEur: { USD: '1.0840' }, source: 'ECB' }]);
    expect(parsePlainCsv('date,currency,rate\n2025-03-10,USD,1.084\n2025-03-10,GBP,0.8398\n', 'x')).toEqual([
      { date: '2025-03-10', perEur: { USD: '1.084', GBP: '0.8398' }, source: 'x' },
    ]);
    expect(() => parsePlainCsv('date,currency,rate\n2025-03-10,usd,1\n', 'x')).toThrow(/line 2: "usd" is not a currency code/);
    expect(() => parseEcbCsv('Date,USD\n10-03-2025,1.08\n', 'x')).toThrow(/line 2: "10-03-2025" is not a date/);
  });
});
