/**
 * One invoice's figures as of a date, from the same definitions as the reports: where it stands,
 * what is still open, days overdue, statutory interest and fixed compensation when it is late.
 */
import type { CalendarDate } from './dates.ts';
import { type Compensation, compensation, invoiceInterest, isLate, type Regime } from './interest.ts';
import { daysOverdue, type Invoice, isOpen, outstanding } from './invoice.ts';
import { type InvoiceState, invoiceState } from './invoice-state.ts';
import type { FxTable, Minor } from './money.ts';
import type { RateTable } from './rates/rate-table.ts';

export interface InvoiceFigures {
  state: InvoiceState;
  outstanding: Minor;
  daysOverdue: number;
  late: boolean;
  /** Statutory interest owed (or paid late) as of the date; 0 when not late. */
  interest: Minor;
  compensation: Compensation | null;
}

export function invoiceFigures(inv: Invoice, asOf: CalendarDate, regime: Regime, rates: RateTable, fx?: FxTable): InvoiceFigures {
  const late = isLate(inv, asOf);
  return {
    state: invoiceState(inv),
    outstanding: isOpen(inv) ? outstanding(inv) : 0,
    daysOverdue: daysOverdue(inv, asOf),
    late,
    interest: late ? invoiceInterest(inv, asOf, regime, rates).interest : 0,
    compensation: late ? compensation(inv, asOf, regime, fx) : null,
  };
}
