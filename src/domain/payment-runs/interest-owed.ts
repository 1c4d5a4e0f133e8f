/**
 * The statutory interest and fixed compensation a run pays unasked with the invoices it pays: as
 * docs/definitions.md defines them, for each invoice as if paid in full on the run's pay date, less
 * what earlier runs paid on it already, so nothing is ever paid twice.
 */
import type { CalendarDate } from '../dates.ts';
import { compensation, invoiceInterest, type Regime } from '../interest.ts';
import type { Invoice } from '../invoice.ts';
import type { FxTable } from '../money.ts';
import type { RateTable } from '../rates/rate-table.ts';
import type { InterestLine } from './transfers.ts';

export interface PaidBefore {
  interest: number;
  compensation: number;
}

export interface InterestContext {
  payDate: CalendarDate;
  regime: Regime;
  rates: RateTable;
  fx?: FxTable;
}

/** What paying the invoice on the pay date adds for interest and compensation; null when nothing. */
export function interestOwed(
  inv: Invoice,
  ctx: InterestContext,
  before: PaidBefore = { interest: 0, compensation: 0 },
): InterestLine | null {
  const paid: Invoice = { ...inv, paidDate: ctx.payDate, paidAmount: inv.amount };
  const interest = Math.max(0, invoiceInterest(paid, ctx.payDate, ctx.regime, ctx.rates).interest - before.interest);
  const comp = compensation(paid, ctx.payDate, ctx.regime, ctx.fx);
  // Compensation is a fixed sum in its own currency (EUR 40; in the UK pounds): paid with the
  // invoice's transfer only when the currencies agree, and once.
  const fee = comp && comp.currency === inv.currency && before.compensation === 0 ? comp.amount : 0;
  if (interest === 0 && fee === 0) return null;
  return { supplierId: inv.supplierId, invoiceNumber: inv.invoiceNumber, interest, compensation: fee };
}
