/**
 * What tijdig reads from an e-invoice (EN 16931), whichever syntax carried it: the business terms
 * (BT-n) it needs, as text, checked for presence and form; amounts stay decimal strings (converted to
 * minor units by the import, as any CSV amount is).
 */
import { DateTime } from 'luxon';

export interface EInvoiceSupplier {
  /** BT-27 legal name, else BT-28 trading name. */
  name: string;
  /** BT-40, ISO 3166 alpha-2. */
  country: string;
  /** BT-31 VAT identifier. */
  vat: string;
  /** BT-30 legal registration identifier (KvK, Companies House …). */
  registration: string;
  /** BT-34 electronic address, as scheme:id (Peppol participant identifier). */
  peppol: string;
  /** BT-84 payment account (IBAN), as written: its check digits are checked by the import. */
  iban: string;
  /** BT-86 payment service provider (BIC). */
  bic: string;
}

export interface EInvoice {
  syntax: 'UBL' | 'CII';
  /** BT-1. */
  number: string;
  /** BT-2, ISO date. */
  issueDate: string;
  /** BT-9, else from the payment terms (BT-20) when they name a number of days; '' when neither. */
  dueDate: string;
  /** BT-115 amount due for payment, negative for a credit note. */
  amount: string;
  /** BT-5. */
  currency: string;
  creditNote: boolean;
  /** BT-25, the invoice a credit note corrects. */
  corrects: string;
  /** BT-10. */
  buyerReference: string;
  /** BT-13. */
  purchaseOrder: string;
  /** BT-83 remittance information (an RF creditor reference when the supplier uses one). */
  paymentReference: string;
  supplier: EInvoiceSupplier;
}

/** Document type codes (UNTDID 1001) of a credit note: credit note, self-billed, factored, and their kin. */
export const CREDIT_NOTE_CODES = new Set(['81', '83', '381', '396', '532']);

/** What is wrong with a document, naming the element. */
export class DocumentError extends Error {}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Checks what every invoice needs; throws DocumentError naming the element of the first missing. */
export function checked(inv: EInvoice, elements: { number: string; issueDate: string; amount: string; currency: string }): EInvoice {
  if (!inv.number) throw new DocumentError(`${elements.number} (the invoice number) is missing`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(inv.issueDate) || !DateTime.fromISO(inv.issueDate).isValid)
    throw new DocumentError(`${elements.issueDate} (the issue date) is ${inv.issueDate ? `not a date: "${inv.issueDate}"` : 'missing'}`);
  if (!/^-?\d+(\.\d+)?$/.test(inv.amount))
    throw new DocumentError(`${elements.amount} (the amount due) is ${inv.amount ? `not an amount: "${inv.amount}"` : 'missing'}`);
  if (!CURRENCIES.has(inv.currency)) throw new DocumentError(`${elements.currency} "${inv.currency}" is not an ISO 4217 currency code`);
  return inv;
}

/** A credit note's amount is owed to us: negative, whatever sign the document gave it. */
export const signed = (amount: string, creditNote: boolean): string =>
  creditNote ? (amount.startsWith('-') ? amount : `-${amount}`) : amount;

/** BT-9 when given, else the issue date plus the days the payment terms name ("30 days", "netto 30 dagen"). */
export function dueDateOf(given: string, issueDate: string, terms: string): string {
  if (given) return given;
  const m = /(?:^|\D)(\d{1,3})\s*(?:days?|dagen|dag|tage|jours?|d\b)/i.exec(terms) ?? /\bnet(?:to)?\s*(\d{1,3})\b/i.exec(terms);
  if (!m || !issueDate) return '';
  const due = DateTime.fromISO(issueDate).plus({ days: Number(m[1]) });
  return due.isValid ? (due.toISODate() as string) : '';
}
