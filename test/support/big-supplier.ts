/** A supplier with many invoices, for page-weight tests and the status-page benchmark. */
import { addDays } from '../../src/domain/dates.ts';

export const BIG_TODAY = '2025-11-20';

/**
 * `count` invoices of one supplier, issued one a day up to about 50 days before `today`: a mix of
 * open, overdue, disputed, scheduled and paid (some late), all within the status page's 12 months.
 */
export function bigSupplierInvoices(supplierId: string, count = 200, today = BIG_TODAY) {
  const first = addDays(today, -(count + 50));
  return Array.from({ length: count }, (_, i) => {
    const issueDate = addDays(first, i);
    const dueDate = addDays(issueDate, 30);
    const paid = i % 3 === 0 && addDays(dueDate, i % 20) < today;
    return {
      supplierId,
      invoiceNumber: `INV-${issueDate.slice(0, 4)}-${String(i).padStart(5, '0')}`,
      issueDate,
      dueDate,
      amount: 123_456 + i * 1_001,
      currency: 'EUR',
      ...(paid ? { paidDate: addDays(dueDate, i % 20), status: 'paid' } : {}),
      ...(!paid && i % 7 === 0 ? { status: 'disputed', disputeReason: 'Prijs wijkt af van de offerte' } : {}),
      ...(!paid && i % 11 === 0 ? { status: 'scheduled', scheduledDate: addDays(today, 5) } : {}),
    };
  });
}
