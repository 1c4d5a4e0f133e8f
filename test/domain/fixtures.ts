import { type Invoice, type InvoiceInput, resolveInvoice } from '../../src/domain/invoice.ts';

let n = 0;
/** An invoice with the given fields; the rest filled in plainly (EUR, received on issue, 30-day terms). */
export function inv(fields: Partial<InvoiceInput> & { dueDate?: string }): Invoice {
  n++;
  return resolveInvoice({ supplierId: 'S1', invoiceNumber: `F-${n}`, issueDate: '2025-01-01', amount: 100_00, currency: 'EUR', ...fields });
}
