/**
 * The figures behind a supplier's status page, its CSV and the invoice lookup, from the same domain
 * code as the reports: the supplier's invoices resolved with its terms, and its health computed for
 * the as-of date.
 */
import type { CalendarDate } from '../domain/dates.ts';
import { type ExpectedPayment, expectedPayment, paymentDelay } from '../domain/expected-payment.ts';
import { type Invoice, resolveInvoice } from '../domain/invoice.ts';
import { type InvoiceState, invoiceState } from '../domain/invoice-state.ts';
import { historyFrom } from '../domain/payment-history.ts';
import type { HealthContext } from '../domain/supplier-health.ts';
import { type SupplierStatus, supplierStatus } from '../domain/supplier-status.ts';
import { notFound } from '../errors.ts';
import { invoicesBySupplier, invoicesNumbered } from '../persistence/invoices/invoice.repository.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import { findSupplier } from '../persistence/suppliers/supplier.repository.ts';
import type { OrgSettings } from './org-settings.ts';

async function healthContext(asOf: CalendarDate, org: OrgSettings): Promise<HealthContext> {
  const rates = await rateTable(org.regime === 'UK' ? 'UK' : 'EU');
  return { asOf, baseCurrency: org.baseCurrency, fx: org.fx, regime: org.regime, rates, org: org.profile };
}

async function resolvedInvoicesOf(supplierId: string, terms: number | null | undefined, org: OrgSettings): Promise<Invoice[]> {
  const raw = (await invoicesBySupplier([supplierId])).get(supplierId) ?? [];
  return raw.map((i) => resolveInvoice(i, terms, org.profile.defaultPaymentTermsDays));
}

export async function statusOfSupplier(supplierId: string, asOf: CalendarDate, org: OrgSettings): Promise<SupplierStatus> {
  const supplier = await findSupplier(supplierId);
  if (!supplier) throw notFound(`no supplier ${supplierId}`);
  const [invoices, ctx] = await Promise.all([resolvedInvoicesOf(supplierId, supplier.paymentTermsDays, org), healthContext(asOf, org)]);
  return supplierStatus(supplier, invoices, ctx);
}

export interface LookupQuery {
  invoiceNumber: string;
  issueDate: CalendarDate;
  /** Minor units; matched against the gross amount. */
  amount: number;
}

export interface LookupAnswer {
  invoiceNumber: string;
  state: InvoiceState;
  amount: number;
  disputeReason: string | null;
  dueDate: CalendarDate;
  paidDate: CalendarDate | null;
  scheduledDate: CalendarDate | null;
  expected: ExpectedPayment | null;
  currency: string;
}

/**
 * One invoice found by what only its supplier knows together: number, date and amount. Anything
 * but exactly one match is "not found", so a wrong guess learns nothing.
 */
export async function lookupInvoice(q: LookupQuery, asOf: CalendarDate, org: OrgSettings): Promise<LookupAnswer | null> {
  const hits = (await invoicesNumbered(q.invoiceNumber)).filter((i) => i.issueDate === q.issueDate && i.amount === q.amount);
  if (hits.length !== 1) return null;
  const supplier = await findSupplier(hits[0].supplierId);
  const invoices = await resolvedInvoicesOf(hits[0].supplierId, supplier?.paymentTermsDays, org);
  const inv = invoices.find((i) => i.invoiceNumber === q.invoiceNumber);
  if (!inv) return null;
  const delay = paymentDelay(invoices, historyFrom(asOf), asOf);
  return {
    invoiceNumber: inv.invoiceNumber,
    state: invoiceState(inv),
    amount: inv.amount,
    disputeReason: inv.disputeReason ?? null,
    dueDate: inv.dueDate,
    paidDate: inv.paidDate ?? null,
    scheduledDate: inv.scheduledDate ?? null,
    expected: expectedPayment(inv, asOf, delay),
    currency: inv.currency,
  };
}
