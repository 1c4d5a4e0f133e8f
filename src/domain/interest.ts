/**
 * Statutory late-payment interest and fixed compensation owed by the organisation.
 *
 * - Interest runs from the day after dueDate up to and including the payment date (or the as-of date
 *   while open): paid the day after the due date is one day.
 * - Simple interest per day: principal × annual rate × days / 365 (also in leap years), the rate
 *   changing at each half-year; a period crossing 1 January / 1 July is summed segment by segment.
 * - NL (default, art. 6:119a lid 3 BW): after each full year of delay that year's interest is added
 *   to the principal. EU: no compounding. UK: Bank Rate + 8 fixed per debt at the 31 December /
 *   30 June before interest starts, simple.
 * - Computed exactly (BigInt fractions) and rounded once per invoice to the cent, half away from zero.
 * - Open invoices: on the outstanding amount up to the as-of date; a part already paid late adds
 *   interest on that part up to its paidDate. Paid invoices: on the amount up to paidDate.
 */
import { addDays, addYears, type CalendarDate, daysBetween, halfYearStart, minDate, nextHalfYear } from './dates.ts';
import { type Invoice, isCancelled, isCredit, isOpen, isPaid, outstanding } from './invoice.ts';
import { type Currency, divRound, exponentOf, type FxTable, type Minor, toBase } from './money.ts';
import { lookupRate, type RateTable } from './rates/rate-table.ts';

export type Regime = 'NL' | 'EU' | 'UK';

/** A non-negative fraction of minor units. */
interface Frac {
  n: bigint;
  d: bigint;
}

// Fractions are never reduced: every denominator is a power of 3,650,000 (10,000 basis points ×
// 365 days) times the principal's, so sums mostly share a denominator and reducing by gcd at each
// step (most of the recompute's time) bought nothing. The result is rounded once, exactly.
const add = (a: Frac, b: Frac): Frac => {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  if (a.d > b.d && a.d % b.d === 0n) return { n: a.n + b.n * (a.d / b.d), d: a.d };
  if (b.d > a.d && b.d % a.d === 0n) return { n: a.n * (b.d / a.d) + b.n, d: b.d };
  return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
};
const ZERO: Frac = { n: 0n, d: 1n };

/** principal × bp/10000 × days/365 */
const simple = (principal: Frac, bp: number, days: number): Frac => ({
  n: principal.n * BigInt(bp) * BigInt(days),
  d: principal.d * 3_650_000n,
});

export interface InterestResult {
  /** Rounded to the minor unit. */
  interest: Minor;
  days: number;
  /** Reference dates that were not in the table (the last known rate was used). */
  missingRates: CalendarDate[];
}

interface Accrual {
  value: Frac;
  missing: readonly CalendarDate[];
}

const ONE: Frac = { n: 1n, d: 1n };
const NOTHING: Accrual = { value: ZERO, missing: [] };

/** Interest on a principal over the half-year segments from `from` through `to`, each at its own rate. */
function segments(principal: Frac, from: CalendarDate, to: CalendarDate, table: RateTable, missing: Set<CalendarDate>): Frac {
  let total = ZERO;
  for (let s = from, next = nextHalfYear(s); s <= to; s = next, next = nextHalfYear(s)) {
    const segEnd = minDate(to, addDays(next, -1));
    const rate = lookupRate(table, halfYearStart(s));
    if (rate.missing) missing.add(rate.missing);
    total = add(total, simple(principal, rate.bp, daysBetween(s, segEnd) + 1));
  }
  return total;
}

/** UK: the rate is fixed per debt at the 31 December / 30 June before interest starts. */
function ukReferenceDate(start: CalendarDate): CalendarDate {
  const h = halfYearStart(start);
  return h.endsWith('-01-01') ? `${Number(h.slice(0, 4)) - 1}-12-31` : `${h.slice(0, 4)}-06-30`;
}

/** Interest on a principal of one minor unit from dueDate+1 through end (inclusive), exact. */
function perUnit(dueDate: CalendarDate, end: CalendarDate, regime: Regime, table: RateTable): Accrual {
  const missing = new Set<CalendarDate>();
  const days = daysBetween(dueDate, end);
  if (days <= 0) return NOTHING;
  const start = addDays(dueDate, 1);

  if (regime === 'UK') {
    const rate = lookupRate(table, ukReferenceDate(start));
    return { value: simple(ONE, rate.bp, days), missing: rate.missing ? [rate.missing] : [] };
  }

  if (regime === 'EU') return { value: segments(ONE, start, end, table, missing), missing: [...missing] };

  // NL: year by year from the first day of delay; a completed year's interest joins the principal.
  let principal = ONE;
  let total = ZERO;
  for (let k = 0; ; k++) {
    const yearStart = addYears(start, k);
    if (yearStart > end) break;
    const yearEnd = addDays(addYears(start, k + 1), -1);
    const interest = segments(principal, yearStart, minDate(end, yearEnd), table, missing);
    total = add(total, interest);
    if (yearEnd > end) break;
    principal = add(principal, interest);
  }
  return { value: total, missing: [...missing] };
}

// Interest is linear in the principal under every regime (compounding too: each year's principal is
// the first one times a factor of the dates and rates alone). So the exact per-unit figure of a
// (due date, end date) pair is worked out once and scaled by each principal: late invoices share
// few such pairs (every open one ends on the as-of date), and the segment arithmetic was most of a
// recompute's time. Per table, as rate lookups are; bounded like the date memo.
const PER_UNIT_LIMIT = 100_000;
const perUnitMemo = new WeakMap<RateTable, Map<string, Accrual>>();

function perUnitMemoized(dueDate: CalendarDate, end: CalendarDate, regime: Regime, table: RateTable): Accrual {
  let memo = perUnitMemo.get(table);
  if (!memo) perUnitMemo.set(table, (memo = new Map()));
  const key = `${regime}|${dueDate}|${end}`;
  let found = memo.get(key);
  if (!found) {
    if (memo.size >= PER_UNIT_LIMIT) memo.clear();
    memo.set(key, (found = perUnit(dueDate, end, regime, table)));
  }
  return found;
}

/** Interest on one principal from dueDate+1 through end (inclusive), without rounding. */
function accrue(principalMinor: Minor, dueDate: CalendarDate, end: CalendarDate, regime: Regime, table: RateTable): Accrual {
  if (principalMinor <= 0) return NOTHING;
  const unit = perUnitMemoized(dueDate, end, regime, table);
  if (unit.value.n === 0n) return NOTHING;
  return { value: { n: unit.value.n * BigInt(principalMinor), d: unit.value.d }, missing: unit.missing };
}

const round = (f: Frac): Minor => Number(divRound(f.n, f.d));

/** The statutory interest one invoice has earned its supplier by the as-of date. */
export function invoiceInterest(inv: Invoice, asOf: CalendarDate, regime: Regime, table: RateTable): InterestResult {
  const none: InterestResult = { interest: 0, days: 0, missingRates: [] };
  if (isCancelled(inv) || isCredit(inv)) return none;
  const parts: Array<[Minor, CalendarDate]> = [];
  if (isPaid(inv) && inv.paidDate) parts.push([inv.amount, inv.paidDate]);
  else if (isOpen(inv)) {
    parts.push([outstanding(inv), asOf]);
    if (inv.paidDate && inv.paidAmount) parts.push([inv.paidAmount, minDate(inv.paidDate, asOf)]);
  }
  let value = ZERO;
  const missing = new Set<CalendarDate>();
  let days = 0;
  for (const [principal, end] of parts) {
    const a = accrue(principal, inv.dueDate, end, regime, table);
    value = add(value, a.value);
    for (const m of a.missing) missing.add(m);
    days = Math.max(days, Math.max(0, daysBetween(inv.dueDate, end)));
  }
  return { interest: round(value), days, missingRates: [...missing].sort() };
}

/** Whether an invoice is late at the as-of date: open past its due date, or paid after it. */
export function isLate(inv: Invoice, asOf: CalendarDate): boolean {
  if (isCancelled(inv) || isCredit(inv)) return false;
  if (isPaid(inv) && inv.paidDate) return inv.paidDate > inv.dueDate;
  return isOpen(inv) && asOf > inv.dueDate;
}

export interface Compensation {
  amount: Minor;
  currency: Currency;
}

/**
 * Fixed compensation per late invoice: EUR 40 under the EU/NL regime whatever the invoice's
 * currency; UK: GBP 40 / 70 / 100 for debts under 1,000 / under 10,000 / from 10,000 pounds
 * (the amount converted to GBP when it is in another currency and the FX table can).
 */
export function compensation(inv: Invoice, asOf: CalendarDate, regime: Regime, fx?: FxTable): Compensation | null {
  if (!isLate(inv, asOf)) return null;
  if (regime !== 'UK') return { amount: 40 * 10 ** exponentOf('EUR'), currency: 'EUR' };
  const gbp = toBase(inv.amount, inv.currency, 'GBP', fx) ?? inv.amount;
  const pounds = gbp / 10 ** exponentOf('GBP');
  const fee = pounds < 1_000 ? 40 : pounds < 10_000 ? 70 : 100;
  return { amount: fee * 100, currency: 'GBP' };
}

/**
 * The statutory rates (basis points a year) an invoice's interest ran at by the as-of date, in the
 * order they applied: one per half-year segment under NL/EU (repeats left out), one fixed rate in
 * the UK. Empty when the invoice is not late.
 */
export function interestRates(inv: Invoice, asOf: CalendarDate, regime: Regime, table: RateTable): number[] {
  if (!isLate(inv, asOf)) return [];
  const end = isPaid(inv) && inv.paidDate ? inv.paidDate : asOf;
  const start = addDays(inv.dueDate, 1);
  if (regime === 'UK') return [lookupRate(table, ukReferenceDate(start)).bp];
  const out: number[] = [];
  for (let s = start; s <= end; s = nextHalfYear(s)) {
    const bp = lookupRate(table, halfYearStart(s)).bp;
    if (out[out.length - 1] !== bp) out.push(bp);
  }
  return out;
}
