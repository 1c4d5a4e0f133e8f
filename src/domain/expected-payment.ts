/**
 * When a supplier can expect an open invoice to be paid.
 *
 * - A scheduled payment date on or after the as-of date is the answer (kind `scheduled`).
 * - Otherwise an estimate from how the organisation actually paid this supplier: the due date plus
 *   the median delay (paidDate − dueDate, negative when paid early) of the supplier's invoices paid
 *   in the window, rounded up to whole days; without such payments, the due date itself. An
 *   estimate is never before the as-of date: a date in the past is no expectation.
 * - Invoices in dispute, credit notes, cancelled and paid invoices have no expected payment date.
 */
import { addDays, type CalendarDate, maxDate } from './dates.ts';
import { type Invoice, isCredit, isOpen, paymentDelta } from './invoice.ts';
import { invoiceState } from './invoice-state.ts';
import { median } from './stats.ts';

export interface PaymentDelay {
  /** Median days paid after the due date, rounded up; null without payments to go on. */
  days: number | null;
  /** How many payments the median is taken over. */
  payments: number;
}

export interface ExpectedPayment {
  date: CalendarDate;
  kind: 'scheduled' | 'estimate';
}

/** The median delay over invoices paid on a date in [from, to]. */
export function paymentDelay(invoices: Invoice[], from: CalendarDate, to: CalendarDate): PaymentDelay {
  const deltas: number[] = [];
  for (const inv of invoices) {
    if (inv.amount <= 0 || !inv.paidDate || inv.paidDate < from || inv.paidDate > to) continue;
    const d = paymentDelta(inv);
    if (d !== null) deltas.push(d);
  }
  const m = median(deltas);
  return { days: m === null ? null : Math.ceil(m), payments: deltas.length };
}

export function expectedPayment(inv: Invoice, asOf: CalendarDate, delay: PaymentDelay): ExpectedPayment | null {
  if (!isOpen(inv) || isCredit(inv)) return null;
  const state = invoiceState(inv);
  if (state === 'disputed') return null;
  if (inv.scheduledDate && inv.scheduledDate >= asOf) return { date: inv.scheduledDate, kind: 'scheduled' };
  return { date: maxDate(addDays(inv.dueDate, delay.days ?? 0), asOf), kind: 'estimate' };
}
