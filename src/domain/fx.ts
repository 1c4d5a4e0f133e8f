/**
 * Exchange rates as the ECB publishes them: for a day, how many units of each currency one euro
 * buys. From those, a table that converts any listed currency into the reporting currency (cross
 * rates through the euro), exact to 8 decimals, and totals converted with it. Pure.
 */
import type { CalendarDate } from './dates.ts';
import { type Currency, decimalToScaled, divRound, type FxTable, type Minor, type Totals, toBase } from './money.ts';

export interface EurRates {
  date: CalendarDate;
  /** Units of the currency per 1 EUR, as decimal strings ("1.0825"); EUR itself is 1. */
  perEur: Record<Currency, string>;
  source: string;
}

const SCALE = 8;
const ONE = 10n ** BigInt(SCALE);

const perEurScaled = (r: EurRates, c: Currency): bigint | null => {
  if (c === 'EUR') return ONE;
  const v = r.perEur[c];
  return v === undefined ? null : decimalToScaled(v, SCALE);
};

const asDecimal = (scaled: bigint) => {
  const s = scaled.toString().padStart(SCALE + 1, '0');
  return `${s.slice(0, -SCALE)}.${s.slice(-SCALE)}`;
};

/** A table converting each listed currency into `reporting` on the rates' day; null when `reporting` has no rate. */
export function fxTableFor(r: EurRates, reporting: Currency): FxTable | null {
  const target = perEurScaled(r, reporting);
  if (target === null) return null;
  const rates: Record<Currency, string> = {};
  for (const c of new Set(['EUR', ...Object.keys(r.perEur)])) {
    if (c === reporting) continue;
    const own = perEurScaled(r, c) as bigint;
    if (own <= 0n) continue;
    // 1 unit of c = (target / own) units of the reporting currency.
    rates[c] = asDecimal(divRound(target * ONE, own));
  }
  return { base: reporting, rates, source: `${r.source}, rates of ${r.date}` };
}

export interface Converted {
  total: Minor;
  /** Currencies the table has no rate for: left out of the total. */
  leftOut: Currency[];
}

export function convertTotals(t: Totals, table: FxTable): Converted {
  let total = 0;
  const leftOut: Currency[] = [];
  for (const c of Object.keys(t).sort()) {
    const v = toBase(t[c], c, table.base, table);
    if (v === null) leftOut.push(c);
    else total += v;
  }
  return { total, leftOut };
}

/** The ECB reference-rate CSV: `Date,USD,JPY,…` then one line per day (N/A and empty cells skipped). */
export function parseEcbCsv(text: string, source: string): EurRates[] {
  const lines = text.trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (header[0] !== 'Date') throw new RangeError('not an ECB reference-rate file: its first column must be "Date"');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const date = cells[0];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`line ${i + 2}: "${date}" is not a date YYYY-MM-DD`);
    const perEur: Record<Currency, string> = {};
    header.forEach((c, k) => {
      const v = cells[k];
      if (k === 0 || !/^[A-Z]{3}$/.test(c) || !v || v === 'N/A') return;
      if (!/^\d+(\.\d+)?$/.test(v)) throw new RangeError(`line ${i + 2}, column ${c}: "${v}" is not a rate`);
      perEur[c] = v;
    });
    return { date, perEur, source };
  });
}

/** A plain `date,currency,rate` CSV, where rate is units of the currency per 1 EUR (as the ECB gives it). */
export function parsePlainCsv(text: string, source: string): EurRates[] {
  const lines = text.trim().split(/\r?\n/);
  if ((lines[0] ?? '').replace(/\s/g, '').toLowerCase() !== 'date,currency,rate')
    throw new RangeError('not a rate file: the header must be date,currency,rate (or the ECB format)');
  const byDate = new Map<CalendarDate, EurRates>();
  lines.slice(1).forEach((line, i) => {
    const [date, currency, rate] = line.split(',').map((c) => c.trim());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) throw new RangeError(`line ${i + 2}: "${date}" is not a date YYYY-MM-DD`);
    if (!/^[A-Z]{3}$/.test(currency ?? '')) throw new RangeError(`line ${i + 2}: "${currency}" is not a currency code such as USD`);
    if (!/^\d+(\.\d+)?$/.test(rate ?? '') || Number(rate) <= 0) throw new RangeError(`line ${i + 2}: "${rate}" is not a positive rate`);
    let day = byDate.get(date);
    if (!day) byDate.set(date, (day = { date, perEur: {}, source }));
    day.perEur[currency] = rate;
  });
  return [...byDate.values()];
}
