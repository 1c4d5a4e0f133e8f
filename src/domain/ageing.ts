import { type CalendarDate, daysBetween } from './dates.ts';
import { type Invoice, isCredit, isOpen, outstanding } from './invoice.ts';
import type { Currency, Minor, Totals } from './money.ts';

export interface AgeingBuckets {
  notDue: Minor;
  d1_30: Minor;
  d31_60: Minor;
  d61_90: Minor;
  d91plus: Minor;
}

export const emptyBuckets = (): AgeingBuckets => ({ notDue: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91plus: 0 });

export function bucketOf(daysPastDue: number): keyof AgeingBuckets {
  if (daysPastDue <= 0) return 'notDue';
  if (daysPastDue <= 30) return 'd1_30';
  if (daysPastDue <= 60) return 'd31_60';
  if (daysPastDue <= 90) return 'd61_90';
  return 'd91plus';
}

/**
 * Outstanding amounts of open, non-credit invoices by days overdue, one table per currency.
 * "Not due" holds dueDate ≥ asOf; an invoice due yesterday is in 1–30.
 */
export function ageing(invoices: Invoice[], asOf: CalendarDate): Record<Currency, AgeingBuckets> {
  const out: Record<Currency, AgeingBuckets> = {};
  for (const inv of invoices) {
    if (!isOpen(inv) || isCredit(inv)) continue;
    const table = (out[inv.currency] ??= emptyBuckets());
    table[bucketOf(daysBetween(inv.dueDate, asOf))] += outstanding(inv);
  }
  return out;
}

export const bucketTotal = (b: AgeingBuckets) => b.notDue + b.d1_30 + b.d31_60 + b.d61_90 + b.d91plus;

export function addBuckets(into: AgeingBuckets, b: AgeingBuckets): AgeingBuckets {
  into.notDue += b.notDue;
  into.d1_30 += b.d1_30;
  into.d31_60 += b.d31_60;
  into.d61_90 += b.d61_90;
  into.d91plus += b.d91plus;
  return into;
}

/**
 * The open credit notes per currency (negative amounts): what the outstanding total has and the
 * ageing buckets leave out, since credit notes are never late. So outstanding = not due + overdue
 * buckets + credit notes, per currency, exactly.
 */
export function creditNotesOf(outstanding: Totals, byCurrency: Record<Currency, AgeingBuckets>): Totals {
  const out: Totals = {};
  for (const c of new Set([...Object.keys(outstanding), ...Object.keys(byCurrency)])) {
    const credit = (outstanding[c] ?? 0) - (byCurrency[c] ? bucketTotal(byCurrency[c]) : 0);
    if (credit !== 0) out[c] = credit;
  }
  return out;
}
