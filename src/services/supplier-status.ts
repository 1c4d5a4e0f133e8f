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
import { type InterestPaid, type SupplierStatus, supplierStatus } from '../domain/supplier-status.ts';
import { notFound } from '../errors.ts';
import { invoicesBySupplier, invoicesNumbered } from '../persistence/invoices/invoice.repository.ts';
import { interestPaidTo } from '../persistence/payment-runs/payment-run.repository.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import { findSupplier } from '../persistence/suppliers/supplier.repository.ts';
import { entityDirectory, groupLaws, termsOf } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';

async function healthContext(asOf: CalendarDate, org: OrgSettings): Promise<HealthContext> {
  const [rates, laws] = await Promise.all([rateTable(org.regime === 'UK' ? 'UK' : 'EU'), groupLaws(org)]);
  return { asOf, baseCurrency: org.baseCurrency, fx: org.fx, regime: org.regime, rates, org: org.profile, laws };
}

async function resolvedInvoicesOf(
  supplierId: string,
  terms: number | null | undefined,
  org: OrgSettings,
  laws: HealthContext['laws'],
): Promise<Invoice[]> {
  const raw = (await invoicesBySupplier([supplierId])).get(supplierId) ?? [];
  return raw.map((i) => resolveInvoice(i, terms, termsOf(laws, i.entity, org)));
}

export async function statusOfSupplier(
  supplierId: string,
  asOf: CalendarDate,
  org: OrgSettings,
): Promise<SupplierStatus & { interestPaid: InterestPaid[] }> {
  const supplier = await findSupplier(supplierId);
  if (!supplier) throw notFound(`no supplier ${supplierId}`);
  const ctx = await healthContext(asOf, org);
  const [invoices, paid] = await Promise.all([
    resolvedInvoicesOf(supplierId, supplier.paymentTermsDays, org, ctx.laws),
    interestPaidTo(supplierId),
  ]);
  const byRun = new Map<string, InterestPaid>();
  for (const p of paid) {
    if (p.payDate > asOf) continue;
    const k = `${p.payDate}|${p.currency}`;
    const b = byRun.get(k) ?? { payDate: p.payDate, currency: p.currency, interest: 0, compensation: 0, invoiceNumbers: [] };
    b.interest += p.interest;
    b.compensation += p.compensation;
    b.invoiceNumbers.push(p.invoiceNumber);
    byRun.set(k, b);
  }
  const entityNames = ctx.laws ? Object.fromEntries((await entityDirectory(org)).list.map((e) => [e.code, e.name])) : undefined;
  return {
    ...supplierStatus(supplier, invoices, ctx),
    ...(entityNames ? { entityNames } : {}),
    interestPaid: [...byRun.values()].sort((a, b) => (a.payDate < b.payDate ? 1 : -1)),
  };
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
  const invoices = await resolvedInvoicesOf(hits[0].supplierId, supplier?.paymentTermsDays, org, await groupLaws(org));
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
