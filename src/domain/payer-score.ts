/**
 * How a credit bureau would rate the organisation as a payer.
 * - DBT (Experian's method): (B₁₋₃₀·15 + B₃₁₋₆₀·45 + B₆₁₋₉₀·75 + B₉₁₊·105) / total outstanding, the
 *   total including the not-due bucket; 0 when nothing is outstanding. In the base currency; other
 *   currencies are converted with the FX table or left out and listed.
 * - PAYDEX-style 1–100: the value-weighted mean of (paidDate − dueDate) over payments in the last
 *   365 days, mapped through the fixed points below, linear between them. Rounded to a whole score.
 */
import { type AgeingBuckets, bucketTotal } from './ageing.ts';
import { addDays, type CalendarDate } from './dates.ts';
import { type Invoice, isPaid, paymentDelta } from './invoice.ts';
import { type Currency, type FxTable, toBase } from './money.ts';

export interface Dbt {
  days: number;
  /** Currencies left out because the FX table cannot convert them. */
  excludedCurrencies: Currency[];
}

export function dbt(ageingByCurrency: Record<Currency, AgeingBuckets>, baseCurrency: Currency, fx?: FxTable): Dbt {
  let weighted = 0;
  let total = 0;
  const excluded: Currency[] = [];
  for (const [currency, b] of Object.entries(ageingByCurrency).sort(([a], [c]) => a.localeCompare(c))) {
    const conv = (m: number) => toBase(m, currency, baseCurrency, fx);
    if (conv(1_000_000) === null) {
      excluded.push(currency);
      continue;
    }
    weighted +=
      (conv(b.d1_30) as number) * 15 +
      (conv(b.d31_60) as number) * 45 +
      (conv(b.d61_90) as number) * 75 +
      (conv(b.d91plus) as number) * 105;
    total += conv(bucketTotal(b)) as number;
  }
  return { days: total <= 0 ? 0 : Math.round((weighted / total) * 100) / 100, excludedCurrencies: excluded };
}

const PAYDEX_POINTS: Array<[days: number, score: number]> = [
  [-30, 100],
  [0, 80],
  [15, 70],
  [30, 50],
  [60, 40],
  [90, 30],
  [120, 20],
  [180, 1],
];

/** Maps a mean payment delta (days after the due date; negative is early) to 1–100. */
export function paydexFromDelta(delta: number): number {
  const [first] = PAYDEX_POINTS;
  const last = PAYDEX_POINTS[PAYDEX_POINTS.length - 1];
  if (delta <= first[0]) return first[1];
  if (delta >= last[0]) return last[1];
  for (let i = 1; i < PAYDEX_POINTS.length; i++) {
    const [x1, y1] = PAYDEX_POINTS[i];
    if (delta <= x1) {
      const [x0, y0] = PAYDEX_POINTS[i - 1];
      return y0 + ((y1 - y0) * (delta - x0)) / (x1 - x0);
    }
  }
  return last[1];
}

export interface Paydex {
  score: number | null;
  /** The value-weighted mean of paidDate − dueDate behind the score. */
  meanDelta: number | null;
  payments: number;
  excludedCurrencies: Currency[];
}

/** Over paid invoices (amount > 0) with paidDate in (asOf − 365 days, asOf]. */
export function paydex(invoices: Invoice[], asOf: CalendarDate, baseCurrency: Currency, fx?: FxTable): Paydex {
  const since = addDays(asOf, -365);
  let weight = 0;
  let sum = 0;
  let payments = 0;
  const excluded = new Set<Currency>();
  for (const inv of invoices) {
    if (!isPaid(inv) || inv.amount <= 0 || !inv.paidDate || inv.paidDate <= since || inv.paidDate > asOf) continue;
    const v = toBase(inv.amount, inv.currency, baseCurrency, fx);
    if (v === null) {
      excluded.add(inv.currency);
      continue;
    }
    weight += v;
    sum += v * (paymentDelta(inv) as number);
    payments++;
  }
  if (payments === 0 || weight === 0) return { score: null, meanDelta: null, payments, excludedCurrencies: [...excluded].sort() };
  const meanDelta = sum / weight;
  return {
    score: Math.round(paydexFromDelta(meanDelta)),
    meanDelta: Math.round(meanDelta * 100) / 100,
    payments,
    excludedCurrencies: [...excluded].sort(),
  };
}
