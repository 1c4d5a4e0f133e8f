/**
 * How the organisation paid one supplier over the last 12 months: the 12 calendar months ending
 * with the as-of month (the last one up to and including the as-of date), month by month and as a
 * whole, by the payment-practice definitions (payments made in a period; payments due in it).
 */
import { addDays, type CalendarDate, monthStart } from './dates.ts';
import type { Invoice } from './invoice.ts';
import type { Currency, FxTable } from './money.ts';
import { type PaymentPracticeReport, paymentPractices } from './payment-practices.ts';

export interface MonthOfPayments {
  /** First day of the month. */
  month: CalendarDate;
  paymentsMade: number;
  meanDaysToPay: number | null;
  medianDaysToPay: number | null;
}

export interface PaymentHistory {
  from: CalendarDate;
  /** Exclusive: the day after the as-of date. */
  to: CalendarDate;
  months: MonthOfPayments[];
  overall: PaymentPracticeReport;
}

export const HISTORY_MONTHS = 12;

/** The first day of the history window of an as-of date. */
export const historyFrom = (asOf: CalendarDate) => monthStart(asOf, 1 - HISTORY_MONTHS);

export function paymentHistory(invoices: Invoice[], asOf: CalendarDate, baseCurrency: Currency, fx?: FxTable): PaymentHistory {
  const to = addDays(asOf, 1);
  const from = historyFrom(asOf);
  const months: MonthOfPayments[] = [];
  for (let k = 1 - HISTORY_MONTHS; k <= 0; k++) {
    const month = monthStart(asOf, k);
    const r = paymentPractices(invoices, month, k === 0 ? to : monthStart(asOf, k + 1), baseCurrency, fx);
    months.push({ month, paymentsMade: r.paymentsMade, meanDaysToPay: r.meanDaysToPay, medianDaysToPay: r.medianDaysToPay });
  }
  return { from, to, months, overall: paymentPractices(invoices, from, to, baseCurrency, fx) };
}
