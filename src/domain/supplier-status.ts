/**
 * What a supplier sees on its status page: its open invoices and those paid in the last 12 months,
 * each with where it stands, when payment can be expected, and the statutory interest and
 * compensation it has earned; the supplier's totals (the same supplierHealth figures finance sees);
 * how the organisation has paid it; and its agreed term against the legal limit. Pure.
 */
import { type CalendarDate, daysBetween } from './dates.ts';
import { entityOf, lawFor } from './entity.ts';
import { type ExpectedPayment, expectedPayment, type PaymentDelay, paymentDelay } from './expected-payment.ts';
import { type Compensation, compensation, interestRates, invoiceInterest, isLate } from './interest.ts';
import { daysOverdue, type Invoice, isOpen, isPaid, outstanding } from './invoice.ts';
import { type InvoiceState, invoiceState } from './invoice-state.ts';
import type { Currency, Minor } from './money.ts';
import { type PaymentHistory, paymentHistory } from './payment-history.ts';
import type { LegalTermBreach, Supplier } from './supplier.ts';
import { type HealthContext, type SupplierHealth, supplierHealth } from './supplier-health.ts';

export interface StatusInvoice {
  invoiceNumber: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  amount: Minor;
  currency: Currency;
  outstanding: Minor;
  state: InvoiceState;
  disputeReason: string | null;
  scheduledDate: CalendarDate | null;
  paidDate: CalendarDate | null;
  /** The payment date came from the organisation's bank statement (not its ERP). */
  paidPerBank: boolean;
  /** Open and past due: days since the due date. */
  daysOverdue: number;
  /** Paid after the due date: by how many days. */
  daysPaidLate: number;
  /** Late invoices only. */
  interest: Minor | null;
  compensation: Compensation | null;
  /** Statutory rates (basis points a year) the interest ran at. */
  ratesBp: number[];
  expected: ExpectedPayment | null;
  /** The group's entity the invoice is addressed to (null without a group), and the law it falls under. */
  entity: string | null;
  regime: HealthContext['regime'];
}

export interface SupplierStatus {
  supplierId: string;
  name: string;
  asOf: CalendarDate;
  regime: HealthContext['regime'];
  /** The term the supplier agreed (or the organisation's default when it has none). */
  terms: { days: number; agreed: boolean };
  /** Set when the agreed term is longer than the law allows for this supplier. */
  legalLimit: LegalTermBreach | null;
  health: SupplierHealth;
  invoices: StatusInvoice[];
  delay: PaymentDelay;
  history: PaymentHistory;
  /** Late invoices that count in the totals but are not listed (paid before the history window). */
  unlistedLate: number;
  /** Reference dates whose rate is not known yet: the interest used the last known rate. */
  missingRates: CalendarDate[];
  /** A group's entities by code, with their names (absent without a group). */
  entityNames?: Record<string, string>;
}

/** Statutory interest and compensation a payment run sent the supplier unasked (runs that went to the bank). */
export interface InterestPaid {
  payDate: CalendarDate;
  currency: string;
  interest: number;
  compensation: number;
  invoiceNumbers: string[];
}

const STATE_ORDER: Record<InvoiceState, number> = { disputed: 0, received: 1, approved: 2, scheduled: 3, paid: 4, cancelled: 5 };

export function supplierStatus(supplier: Supplier, invoices: Invoice[], ctx: HealthContext): SupplierStatus {
  const { asOf } = ctx;
  const health = supplierHealth(supplier, invoices, ctx);
  const history = paymentHistory(invoices, asOf, ctx.baseCurrency, ctx.fx);
  const delay = paymentDelay(invoices, history.from, asOf);
  const listed = (inv: Invoice) =>
    isOpen(inv) ||
    (isPaid(inv) && !!inv.paidDate && inv.paidDate >= history.from && inv.paidDate <= asOf) ||
    (inv.status === 'cancelled' && inv.issueDate >= history.from);

  const rows: StatusInvoice[] = [];
  const missingRates = new Set<CalendarDate>();
  let unlistedLate = 0;
  for (const inv of invoices) {
    if (!listed(inv)) {
      if (isLate(inv, asOf)) unlistedLate++;
      continue;
    }
    const late = isLate(inv, asOf);
    const { regime, rates } = lawFor(ctx.laws, inv.entity, ctx);
    const interest = late ? invoiceInterest(inv, asOf, regime, rates) : null;
    for (const m of interest?.missingRates ?? []) missingRates.add(m);
    rows.push({
      invoiceNumber: inv.invoiceNumber,
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      amount: inv.amount,
      currency: inv.currency,
      outstanding: isOpen(inv) ? outstanding(inv) : 0,
      state: invoiceState(inv),
      disputeReason: inv.disputeReason ?? null,
      scheduledDate: inv.scheduledDate ?? null,
      paidDate: inv.paidDate ?? null,
      paidPerBank: inv.paidFrom === 'bank',
      daysOverdue: daysOverdue(inv, asOf),
      daysPaidLate: isPaid(inv) && inv.paidDate ? Math.max(0, daysBetween(inv.dueDate, inv.paidDate)) : 0,
      interest: interest ? interest.interest : null,
      compensation: late ? compensation(inv, asOf, regime, ctx.fx) : null,
      ratesBp: late ? interestRates(inv, asOf, regime, rates) : [],
      expected: expectedPayment(inv, asOf, delay),
      entity: ctx.laws ? entityOf(ctx.laws, inv.entity) : null,
      regime,
    });
  }
  // Open invoices first, the longest overdue on top; then paid ones, the latest payment first.
  rows.sort(
    (a, b) =>
      Number(a.outstanding === 0) - Number(b.outstanding === 0) ||
      b.daysOverdue - a.daysOverdue ||
      (a.outstanding !== 0 ? a.dueDate.localeCompare(b.dueDate) : (b.paidDate ?? '').localeCompare(a.paidDate ?? '')) ||
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  const agreed = supplier.paymentTermsDays ?? null;
  return {
    supplierId: supplier.supplierId,
    name: supplier.name,
    asOf,
    regime: ctx.regime,
    terms: { days: agreed ?? ctx.org.defaultPaymentTermsDays, agreed: agreed !== null },
    legalLimit: health.legalTermBreaches.find((b) => !b.invoiceNumber) ?? null,
    health,
    invoices: rows,
    delay,
    history,
    unlistedLate,
    missingRates: [...missingRates].sort(),
  };
}
