/**
 * Reference-rate tables: data with a source per entry. The shipped ones are in
 * reference-rates.json; an admin adds half-years with `tijdig rates add`, stored beside them.
 */
import { addDays, type CalendarDate, nextHalfYear } from '../dates.ts';
import { decimalToScaled } from '../money.ts';
import shipped from './reference-rates.json' with { type: 'json' };

export type RateFamily = 'EU' | 'UK';

export interface ReferenceRate {
  /** The reference date: 1 Jan / 1 Jul (EU) or 31 Dec / 30 Jun (UK). */
  from: CalendarDate;
  /** Percent per year as a decimal string, e.g. "2.15". */
  rate: string;
  source: string;
}

export interface RateTable {
  family: RateFamily;
  /** Percentage points added to the reference rate ("8.00"). */
  margin: string;
  rates: ReferenceRate[];
}

export function shippedTable(family: RateFamily): RateTable {
  return { family, margin: shipped[family].margin, rates: [...shipped[family].rates] };
}

/** Adds or replaces entries (by date), keeping the table sorted. */
export function withRates(table: RateTable, extra: ReferenceRate[]): RateTable {
  const byDate = new Map(table.rates.map((r) => [r.from, r]));
  for (const r of extra) byDate.set(r.from, r);
  return { ...table, rates: [...byDate.values()].sort((a, b) => a.from.localeCompare(b.from)) };
}

/** Reference dates are 1 January and 1 July (EU: the ECB rate in force then) or 31 December and 30 June (UK). */
export function isReferenceDate(family: RateFamily, date: CalendarDate): boolean {
  return family === 'EU' ? /-(01-01|07-01)$/.test(date) : /-(12-31|06-30)$/.test(date);
}

export interface RateLookup {
  /** Statutory rate in basis points (1/100 of a percent): reference + margin. */
  bp: number;
  from: CalendarDate;
  /** Set when the needed reference date is not in the table and the last known rate stands in. */
  missing?: CalendarDate;
}

// Lookups per table and date are remembered: interest asks the same few half-years for every late
// invoice. Tables are values that are never changed in place (withRates makes a new one).
const looked = new WeakMap<RateTable, Map<CalendarDate, RateLookup>>();

/** The rate for a reference date; a missing one falls back to the last known rate before it (or the first). */
export function lookupRate(table: RateTable, date: CalendarDate): RateLookup {
  let memo = looked.get(table);
  if (!memo) looked.set(table, (memo = new Map()));
  let found = memo.get(date);
  if (!found) memo.set(date, (found = findRate(table, date)));
  return found;
}

function findRate(table: RateTable, date: CalendarDate): RateLookup {
  const margin = Number(decimalToScaled(table.margin, 2));
  const exact = table.rates.find((r) => r.from === date);
  if (exact) return { bp: Number(decimalToScaled(exact.rate, 2)) + margin, from: exact.from };
  const before = table.rates.filter((r) => r.from < date);
  const fallback = before.length ? before[before.length - 1] : table.rates[0];
  if (!fallback) throw new Error(`the ${table.family} rate table is empty`);
  return { bp: Number(decimalToScaled(fallback.rate, 2)) + margin, from: fallback.from, missing: date };
}

/**
 * The reference dates the table lacks, from its first entry up to and including the next one after
 * `today` (the coming half-year, whose rate an admin adds once it is published). `coming` marks the
 * dates after today; the others are in use now, with the last known rate in their place.
 */
export function lackingRates(table: RateTable, today: CalendarDate): Array<{ date: CalendarDate; coming: boolean }> {
  const first = table.rates[0];
  if (!first) return [];
  // A UK reference date is the day before an EU one (31 December, 30 June): step through EU dates.
  const shift = table.family === 'UK' ? 1 : 0;
  const have = new Set(table.rates.map((r) => addDays(r.from, shift)));
  const until = nextHalfYear(addDays(today, shift));
  const out: Array<{ date: CalendarDate; coming: boolean }> = [];
  for (let d = addDays(first.from, shift); d <= until; d = nextHalfYear(d)) {
    const date = addDays(d, -shift);
    if (!have.has(d)) out.push({ date, coming: date > today });
  }
  return out;
}
