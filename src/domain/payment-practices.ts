/**
 * Payment-practice statistics for a period [from, to), as in the UK Reporting on Payment Practices
 * and Performance Regulations (SI 2017/395, amended 2024). Values are compared in the base currency;
 * invoices in a currency the FX table cannot convert count by number but not by value, and are
 * reported in `unconvertedCurrencies`.
 */
import type { CalendarDate } from './dates.ts';
import { daysToPay, type Invoice, isCancelled, isDisputed, isPaid } from './invoice.ts';
import { type Currency, type FxTable, toBase } from './money.ts';
import { mean, median, nearestRank, round2, share } from './stats.ts';

export interface Share {
  count: number | null;
  value: number | null;
}

export interface PaymentPracticeReport {
  from: CalendarDate;
  to: CalendarDate;
  paymentsMade: number;
  meanDaysToPay: number | null;
  medianDaysToPay: number | null;
  p95DaysToPay: number | null;
  within30: Share;
  days31to60: Share;
  over60: Share;
  paymentsDue: number;
  notWithinTerms: Share;
  disputedShareOfLate: number | null;
  baseCurrency: Currency;
  unconvertedCurrencies: Currency[];
}

export function paymentPractices(
  invoices: Invoice[],
  from: CalendarDate,
  to: CalendarDate,
  baseCurrency: Currency,
  fx?: FxTable,
): PaymentPracticeReport {
  const unconverted = new Set<Currency>();
  const value = (inv: Invoice) => {
    const v = toBase(inv.amount, inv.currency, baseCurrency, fx);
    if (v === null) unconverted.add(inv.currency);
    return v ?? 0;
  };
  const inPeriod = (d: CalendarDate | null | undefined) => !!d && d >= from && d < to;

  const made = invoices.filter((i) => isPaid(i) && i.amount > 0 && inPeriod(i.paidDate));
  const days = made.map((i) => daysToPay(i) as number);
  const band = (test: (d: number) => boolean): Share => {
    const hit = made.filter((_, k) => test(days[k]));
    return { count: share(hit.length, made.length), value: share(sum(hit.map(value)), sum(made.map(value))) };
  };

  const due = invoices.filter((i) => !isCancelled(i) && i.amount > 0 && inPeriod(i.dueDate));
  const late = due.filter((i) => !i.paidDate || i.paidDate > i.dueDate);

  return {
    from,
    to,
    paymentsMade: made.length,
    meanDaysToPay: round2(mean(days)),
    medianDaysToPay: median(days),
    p95DaysToPay: nearestRank(days, 0.95),
    within30: band((d) => d <= 30),
    days31to60: band((d) => d >= 31 && d <= 60),
    over60: band((d) => d >= 61),
    paymentsDue: due.length,
    notWithinTerms: { count: share(late.length, due.length), value: share(sum(late.map(value)), sum(due.map(value))) },
    disputedShareOfLate: share(late.filter(isDisputed).length, late.length),
    baseCurrency,
    unconvertedCurrencies: [...unconverted].sort(),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
