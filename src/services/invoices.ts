/**
 * Invoices with their figures as of a date (the same domain code as the reports), in pages with a
 * keyset cursor on the invoice's id: invoices added or changed between two pages never shift a page.
 */
import { type CalendarDate, isCalendarDate } from '../domain/dates.ts';
import { lawFor } from '../domain/entity.ts';
import { type Invoice, isCancelled, isCredit, outstanding, resolveInvoice } from '../domain/invoice.ts';
import { type InvoiceFigures, invoiceFigures } from '../domain/invoice-figures.ts';
import { formatMinor } from '../domain/money.ts';
import { badRequest, notFound } from '../errors.ts';
import { type InvoiceFilter, invoicePage } from '../persistence/invoices/invoice.repository.ts';
import { rateTable } from '../persistence/rates/rate.repository.ts';
import { findSupplier, suppliersByIds } from '../persistence/suppliers/supplier.repository.ts';
import { decodeCursor, encodeCursor, isObjectIdHex } from './cursor.ts';
import { groupLaws, termsOf } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';

export interface InvoiceRow {
  invoice: Invoice;
  importId: string | null;
  figures: InvoiceFigures;
}

export interface InvoiceListPage {
  asOf: CalendarDate;
  items: InvoiceRow[];
  nextCursor: string | null;
}

/** The cursor: the id of the last invoice shown. */
const encode = (id: string) => encodeCursor({ i: id });
const decode = (token: string) => decodeCursor<{ i: string }>(token, (c) => isObjectIdHex(c.i)).i;

/** Whether a resolved invoice meets the filters that depend on its resolved dates and payments. */
function matches(inv: Invoice, f: InvoiceFilter): boolean {
  if (f.dueFrom && inv.dueDate < f.dueFrom) return false;
  if (f.dueTo && inv.dueDate > f.dueTo) return false;
  const openOn = f.openOn ?? f.overdueOn;
  if (openOn) {
    if (isCancelled(inv) || inv.issueDate > openOn) return false;
    const paidBy = !!inv.paidDate && inv.paidDate <= openOn && outstanding(inv) === 0;
    if (paidBy) return false;
  }
  // Credit notes are never overdue (DOMAIN.md).
  if (f.overdueOn && (isCredit(inv) || !(inv.dueDate < f.overdueOn))) return false;
  return true;
}

/** How many stored invoices one page may read to fill itself when most do not match (then it comes back shorter). */
const SCAN_PAGES = 20;

export async function invoiceList(
  f: InvoiceFilter,
  asOf: CalendarDate,
  limit: number,
  cursor: string | undefined,
  org: OrgSettings,
): Promise<InvoiceListPage> {
  for (const d of [f.dueFrom, f.dueTo, f.openOn, f.overdueOn])
    if (d !== undefined && !isCalendarDate(d)) throw badRequest(`${d} is not a date`);
  if (f.supplierId && !(await findSupplier(f.supplierId))) throw notFound(`no supplier ${f.supplierId}`);
  const rates = await rateTable(org.regime === 'UK' ? 'UK' : 'EU');
  // A group's invoice is computed under its entity's law and standard terms, as everywhere else.
  const laws = await groupLaws(org);
  let after = cursor ? decode(cursor) : null;
  const items: InvoiceRow[] = [];
  let exhausted = false;
  for (let round = 0; round < SCAN_PAGES && items.length < limit && !exhausted; round++) {
    const docs = await invoicePage(f, after, limit);
    exhausted = docs.length < limit;
    if (docs.length === 0) break;
    after = String(docs[docs.length - 1]._id);
    const terms = new Map(
      (await suppliersByIds([...new Set(docs.map((d) => d.supplierId))])).map((s) => [s.supplierId, s.paymentTermsDays ?? null]),
    );
    for (const d of docs) {
      const inv = resolveInvoice(d, terms.get(d.supplierId), termsOf(laws, d.entity, org));
      if (!matches(inv, f)) continue;
      const law = lawFor(laws, inv.entity, { regime: org.regime, rates });
      items.push({ invoice: inv, importId: d.importId ?? null, figures: invoiceFigures(inv, asOf, law.regime, law.rates, org.fx) });
      if (items.length === limit) {
        // The page ends here: the next starts after this invoice.
        after = String(d._id);
        exhausted = exhausted && d === docs[docs.length - 1];
        break;
      }
    }
  }
  return { asOf, items, nextCursor: exhausted || !after ? null : encode(after) };
}

const money = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? null : { [currency]: formatMinor(minor, currency) };

export function invoiceRowJson(r: InvoiceRow) {
  const i = r.invoice;
  return {
    supplierId: i.supplierId,
    invoiceNumber: i.invoiceNumber,
    issueDate: i.issueDate,
    receivedDate: i.receivedDate,
    dueDate: i.dueDate,
    amount: money(i.amount, i.currency),
    currency: i.currency,
    state: r.figures.state,
    paidDate: i.paidDate ?? null,
    paidAmount: money(i.paidAmount, i.currency),
    disputeReason: i.disputeReason ?? null,
    scheduledDate: i.scheduledDate ?? null,
    poNumber: i.poNumber ?? null,
    importId: r.importId,
    outstanding: money(r.figures.outstanding, i.currency),
    daysOverdue: r.figures.daysOverdue,
    late: r.figures.late,
    ...(i.entity ? { entity: i.entity } : {}),
    interest: money(r.figures.interest, i.currency),
    compensation: r.figures.compensation ? money(r.figures.compensation.amount, r.figures.compensation.currency) : null,
  };
}
