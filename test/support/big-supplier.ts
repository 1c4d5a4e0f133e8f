/** A supplier with many invoices, for page-weight tests and the status-page benchmark. */
import { addDays } from '../../src/domain/dates';

export const BIG_TODAY = '2025-11-20';

/** 200 invoices of one supplier: a mix of open, late, disputed, scheduled and paid (some late). */
export function bigSupplierInvoices(supplierId: string, count = 200) {
  return Array.from({ length: count }, (_, i) => {
    const issueDate = addDays('2025-01-05', i);
    const dueDate = addDays(issueDate, 30);
    const paid = i % 3 === 0 && addDays(dueDate, i % 20) < BIG_TODAY;
    return {
      supplierId,
      invoiceNumber: `INV-2025-${String(i).padStart(5, '0')}`,
      issueDate,
      dueDate,
      amount: 123_456 + i * 1_001,
      currency: 'EUR',
      ...(paid ? { paidDate: addDays(dueDate, i % 20), status: 'paid' } : {}),
      ...(!paid && i % 7 === 0 ? { status: 'disputed', disputeReason: 'Prijs wijkt af van de offerte' } : {}),
      ...(!paid && i % 11 === 0 ? { status: 'scheduled', scheduledDate: addDays(BIG_TODAY, 5) } : {}),
    };
  });
}
