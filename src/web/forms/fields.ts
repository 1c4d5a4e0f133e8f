/**
 * Reading what people type into forms: dates and amounts the way suppliers write them (the same
 * readers the CSV import uses), each failure a message for the field.
 */
import { parseDate } from '../../import/dates.ts';
import { decimalEvidence, parseAmount } from '../../import/numbers.ts';
import type { Lang, Locale } from '../i18n/locale.ts';
import { INVOICE_NUMBER_MAX } from '../view-models/status-view.ts';
import type { FieldError } from '../views/layout.tsx';

/** A submitted text field: a string (first value if repeated), trimmed; '' when absent. */
export function text(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** A calendar date in ISO or day-first form; null when it is not a real date. */
export function formDate(raw: string): string | null {
  const d = parseDate(raw, 'DMY');
  return typeof d === 'string' ? d : null;
}

/** Minor units; the decimal mark from the value itself, else from the reader's language. */
export function formAmount(raw: string, lang: Lang): number | null {
  if (!raw) return null;
  const mark = decimalEvidence(raw) ?? (lang === 'nl' ? ',' : '.');
  const v = parseAmount(raw, mark);
  return typeof v === 'number' ? v : null;
}

export interface InvoiceFields {
  /** As typed, to show again. */
  values: { invoiceNumber: string; invoiceDate: string; amount: string };
  invoiceNumber: string;
  invoiceDate: string | null;
  /** Minor units. */
  amount: number | null;
  errors: FieldError[];
}

/**
 * An invoice's number, date and amount as a supplier types them (the status page's form, the
 * look-up). With `required`, all three must be there; otherwise each is checked only when given.
 */
export function readInvoiceFields(body: unknown, l: Locale, required: boolean): InvoiceFields {
  const s = l.t.status;
  const values = { invoiceNumber: text(body, 'invoiceNumber'), invoiceDate: text(body, 'invoiceDate'), amount: text(body, 'amount') };
  const errors: FieldError[] = [];
  if (required && !values.invoiceNumber) errors.push({ field: 'invoiceNumber', message: s.askErrNumber });
  else if (values.invoiceNumber.length > INVOICE_NUMBER_MAX)
    errors.push({ field: 'invoiceNumber', message: s.askErrNumberLong(INVOICE_NUMBER_MAX) });
  const invoiceDate = values.invoiceDate ? formDate(values.invoiceDate) : null;
  if ((required || values.invoiceDate) && !invoiceDate) errors.push({ field: 'invoiceDate', message: s.askErrDate });
  const amount = formAmount(values.amount, l.lang);
  if ((required || values.amount) && amount === null) errors.push({ field: 'amount', message: s.askErrAmount });
  return { values, invoiceNumber: values.invoiceNumber, invoiceDate, amount, errors };
}
