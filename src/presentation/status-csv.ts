/** The supplier's invoice list as CSV, the same rows as its status page, for reconciling its books. */
import { formatMinor } from '../domain/money.ts';
import type { SupplierStatus } from '../domain/supplier-status.ts';
import { toCsv } from './csv.ts';

export function statusCsv(st: SupplierStatus): string {
  return toCsv(
    [
      'invoiceNumber',
      'invoiceDate',
      'amount',
      'currency',
      'outstanding',
      'dueDate',
      'status',
      'paidDate',
      'scheduledDate',
      'daysOverdue',
      'daysPaidLate',
      'interest',
      'compensation',
      'compensationCurrency',
      'expectedPaymentDate',
      'expectedPaymentKind',
      'disputeReason',
    ],
    st.invoices.map((i) => [
      i.invoiceNumber,
      i.issueDate,
      formatMinor(i.amount, i.currency),
      i.currency,
      formatMinor(i.outstanding, i.currency),
      i.dueDate,
      i.state,
      i.paidDate,
      i.scheduledDate,
      i.daysOverdue,
      i.daysPaidLate,
      i.interest === null ? null : formatMinor(i.interest, i.currency),
      i.compensation ? formatMinor(i.compensation.amount, i.compensation.currency) : null,
      i.compensation?.currency ?? null,
      i.expected?.date ?? null,
      i.expected?.kind ?? null,
      i.disputeReason,
    ]),
  );
}
