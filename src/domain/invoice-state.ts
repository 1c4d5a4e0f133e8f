/**
 * Where an invoice stands, in the words a supplier uses: received, in dispute, approved, scheduled
 * for payment, paid, cancelled. Derived from the stored status and dates, so a payment date always
 * wins over a stale status column and an invoice with a dispute reason is in dispute.
 */
import { type Invoice, isCancelled, isDisputed, isPaid } from './invoice.ts';

export type InvoiceState = 'received' | 'disputed' | 'approved' | 'scheduled' | 'paid' | 'cancelled';

export function invoiceState(inv: Invoice): InvoiceState {
  if (isCancelled(inv)) return 'cancelled';
  if (isPaid(inv)) return 'paid';
  if (isDisputed(inv)) return 'disputed';
  if (inv.status === 'scheduled' || inv.scheduledDate) return 'scheduled';
  if (inv.status === 'approved') return 'approved';
  return 'received';
}
