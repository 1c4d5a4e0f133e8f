/**
 * An invoice as DOMAIN.md defines it, with every derived date resolved: receivedDate defaults to
 * issueDate; dueDate to receivedDate + the supplier's payment terms (else the organisation's, else 30).
 */
import { addDays, type CalendarDate, daysBetween } from './dates.ts';
import type { Currency, Minor } from './money.ts';

export const INVOICE_STATUSES = ['received', 'disputed', 'approved', 'scheduled', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceInput {
  supplierId: string;
  invoiceNumber: string;
  issueDate: CalendarDate;
  receivedDate?: CalendarDate | null;
  dueDate?: CalendarDate | null;
  /** Gross, signed, in minor units; negative is a credit note. */
  amount: Minor;
  currency: Currency;
  paidDate?: CalendarDate | null;
  paidAmount?: Minor | null;
  status?: InvoiceStatus | null;
  disputeReason?: string | null;
  scheduledDate?: CalendarDate | null;
  poNumber?: string | null;
  /** The supplier's payment reference (betalingskenmerk); an RF creditor reference goes to the bank structured. */
  paymentReference?: string | null;
  /** Where the payment date comes from: 'bank' when a bank statement set it (else the ERP's export). */
  paidFrom?: 'bank' | null;
  /** The day tijdig first saw the invoice disputed (set by imports; files do not carry it). */
  disputedSince?: CalendarDate | null;
  /** The legal entity the invoice is addressed to (its code); none: the default entity. */
  entity?: string | null;
}

export interface Invoice extends InvoiceInput {
  receivedDate: CalendarDate;
  dueDate: CalendarDate;
}

export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

export function resolveInvoice(
  input: InvoiceInput,
  supplierTermsDays?: number | null,
  orgTermsDays: number = DEFAULT_PAYMENT_TERMS_DAYS,
): Invoice {
  const receivedDate = input.receivedDate ?? input.issueDate;
  const dueDate = input.dueDate ?? addDays(receivedDate, supplierTermsDays ?? orgTermsDays);
  // Every field named, in one order: all invoices then share one shape, which keeps the many passes
  // over them fast (stored documents come in as many shapes as they have optional fields).
  return {
    supplierId: input.supplierId,
    invoiceNumber: input.invoiceNumber,
    issueDate: input.issueDate,
    receivedDate,
    dueDate,
    amount: input.amount,
    currency: input.currency,
    paidDate: input.paidDate ?? null,
    paidAmount: input.paidAmount ?? null,
    status: input.status ?? null,
    disputeReason: input.disputeReason ?? null,
    scheduledDate: input.scheduledDate ?? null,
    poNumber: input.poNumber ?? null,
    paymentReference: input.paymentReference ?? null,
    paidFrom: input.paidFrom ?? null,
    disputedSince: input.disputedSince ?? null,
    entity: input.entity ?? null,
  };
}

/** amount − (paidAmount ?? (paidDate ? amount : 0)). */
export function outstanding(inv: InvoiceInput): Minor {
  return inv.amount - (inv.paidAmount ?? (inv.paidDate ? inv.amount : 0));
}

export const isCancelled = (inv: InvoiceInput) => inv.status === 'cancelled';
export const isCredit = (inv: InvoiceInput) => inv.amount < 0;
export const isOpen = (inv: InvoiceInput) => outstanding(inv) !== 0 && !isCancelled(inv);
export const isPaid = (inv: InvoiceInput) => !!inv.paidDate && outstanding(inv) === 0 && !isCancelled(inv);
export const isDisputed = (inv: InvoiceInput) => inv.status === 'disputed' || !!inv.disputeReason;

/** Open invoice: max(0, asOf − dueDate). Credit notes are never late. */
export function daysOverdue(inv: Invoice, asOf: CalendarDate): number {
  if (!isOpen(inv) || isCredit(inv)) return 0;
  return Math.max(0, daysBetween(inv.dueDate, asOf));
}

/** Paid invoice: max(0, paidDate − dueDate). */
export function daysLate(inv: Invoice): number | null {
  if (!isPaid(inv) || !inv.paidDate) return null;
  return Math.max(0, daysBetween(inv.dueDate, inv.paidDate));
}

/** Paid invoice: paidDate − dueDate, signed (negative when paid early); used by the payer score. */
export function paymentDelta(inv: Invoice): number | null {
  if (!isPaid(inv) || !inv.paidDate) return null;
  return daysBetween(inv.dueDate, inv.paidDate);
}

/** Paid invoice: paidDate − receivedDate. */
export function daysToPay(inv: Invoice): number | null {
  if (!isPaid(inv) || !inv.paidDate) return null;
  return daysBetween(inv.receivedDate, inv.paidDate);
}

/** Invoices that count anywhere: everything but cancelled ones. */
export const live = (invoices: Invoice[]) => invoices.filter((i) => !isCancelled(i));
