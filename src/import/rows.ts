/**
 * One CSV row to a canonical invoice or supplier, or the list of what is wrong with it, each naming
 * the column, the value and why.
 */
import { INVOICE_STATUSES, type InvoiceStatus } from '../domain/invoice';
import { exponentOf } from '../domain/money';
import { SIZE_CLASSES, type SizeClass } from '../domain/supplier';
import type { ImportKind } from './columns';
import { type DayMonthOrder, parseDate } from './dates';
import { type DecimalMark, parseAmount } from './numbers';

export interface RowError {
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface Decisions {
  decimalMark: DecimalMark;
  /** Per date field. */
  dateOrder: Record<string, DayMonthOrder>;
  baseCurrency: string;
}

export const DATE_FIELDS = ['issueDate', 'receivedDate', 'dueDate', 'paidDate', 'scheduledDate'];
export const AMOUNT_FIELDS = ['amount', 'paidAmount', 'annualRevenue'];

const STATUS_SYNONYMS: Record<string, InvoiceStatus> = {
  open: 'received',
  ontvangen: 'received',
  nieuw: 'received',
  new: 'received',
  betwist: 'disputed',
  geschil: 'disputed',
  dispuut: 'disputed',
  goedgekeurd: 'approved',
  akkoord: 'approved',
  gepland: 'scheduled',
  ingepland: 'scheduled',
  betaald: 'paid',
  voldaan: 'paid',
  geannuleerd: 'cancelled',
  vervallen: 'cancelled',
  canceled: 'cancelled',
  gecrediteerd: 'cancelled',
};

const SIZE_SYNONYMS: Record<string, SizeClass> = {
  klein: 'small',
  middelgroot: 'medium',
  midden: 'medium',
  middel: 'medium',
  groot: 'large',
  zzp: 'micro',
};

export interface ConvertedRow {
  /** Canonical fields with a value. */
  set: Record<string, unknown>;
  /** Optional fields whose column is present but empty in this row: cleared on re-import. */
  unset: string[];
}

/** Converts one row given as canonical field → raw text (only columns the file has). */
export function convertRow(
  kind: ImportKind,
  cells: Map<string, { column: string; value: string }>,
  line: number,
  d: Decisions,
): ConvertedRow | RowError[] {
  const errors: RowError[] = [];
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  const bad = (field: string, reason: string) => {
    const c = cells.get(field);
    errors.push({ line, column: c?.column ?? field, value: c?.value ?? '', reason });
  };
  const text = (field: string) => cells.get(field)?.value.trim() ?? '';
  const currencyOf = (field: string) => {
    const raw = text(field).toUpperCase();
    if (raw === '') return d.baseCurrency;
    if (!/^[A-Z]{3}$/.test(raw)) {
      bad(field, 'not an ISO 4217 currency code such as EUR');
      return d.baseCurrency;
    }
    return raw;
  };

  const currency = kind === 'invoices' ? currencyOf('currency') : currencyOf('revenueCurrency');
  if (kind === 'invoices') set.currency = currency;
  else if (cells.has('annualRevenue') && text('annualRevenue') !== '') set.revenueCurrency = currency;

  for (const [field] of cells) {
    const raw = text(field);
    if (field === 'currency' || field === 'revenueCurrency') continue;
    if (raw === '') {
      unset.push(field);
      continue;
    }
    if (DATE_FIELDS.includes(field)) {
      const r = parseDate(raw, d.dateOrder[field] ?? 'DMY');
      if (typeof r === 'string') set[field] = r;
      else bad(field, r.error);
    } else if (AMOUNT_FIELDS.includes(field)) {
      const r = parseAmount(raw, d.decimalMark, exponentOf(currency));
      if (typeof r === 'number') set[field] = r;
      else bad(field, `${r} (decimal mark read as "${d.decimalMark}")`);
    } else if (field === 'status') {
      const k = raw.toLowerCase();
      const s = (INVOICE_STATUSES as readonly string[]).includes(k) ? (k as InvoiceStatus) : STATUS_SYNONYMS[k];
      if (s) set.status = s;
      else bad(field, `unknown status (expected one of ${INVOICE_STATUSES.join(', ')})`);
    } else if (field === 'employees' || field === 'paymentTermsDays') {
      if (!/^\d+$/.test(raw) || (field === 'paymentTermsDays' && Number(raw) > 365))
        bad(field, field === 'employees' ? 'not a whole number' : 'not a whole number of days from 0 to 365');
      else set[field] = Number(raw);
    } else if (field === 'country') {
      if (!/^[A-Za-z]{2}$/.test(raw)) bad(field, 'not an ISO 3166 two-letter country code such as NL');
      else set.country = raw.toUpperCase();
    } else if (field === 'sizeClass') {
      const k = raw.toLowerCase();
      const s = (SIZE_CLASSES as readonly string[]).includes(k) ? (k as SizeClass) : SIZE_SYNONYMS[k];
      if (s) set.sizeClass = s;
      else bad(field, `unknown size class (expected one of ${SIZE_CLASSES.join(', ')})`);
    } else if (field === 'contactEmail') {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) bad(field, 'not an e-mail address');
      else set.contactEmail = raw;
    } else {
      if (raw.length > 200) bad(field, 'longer than 200 characters');
      else set[field] = raw;
    }
  }

  const required = kind === 'invoices' ? ['supplierId', 'invoiceNumber', 'issueDate', 'amount'] : ['supplierId', 'name'];
  for (const f of required) if (text(f) === '') bad(f, 'required, but empty');

  if (kind === 'invoices' && errors.length === 0) {
    const amount = set.amount as number;
    if (set.paidAmount !== undefined && Math.abs(set.paidAmount as number) > Math.abs(amount))
      bad('paidAmount', 'more than the invoice amount');
    if (set.dueDate !== undefined && (set.dueDate as string) < (set.issueDate as string))
      bad('dueDate', `before the issue date ${set.issueDate as string}`);
    if (set.paidDate !== undefined && (set.paidDate as string) < (set.issueDate as string))
      bad('paidDate', `before the issue date ${set.issueDate as string}`);
  }
  return errors.length ? errors : { set, unset: unset.filter((f) => !required.includes(f)) };
}
