/**
 * Reading what people type into forms: dates and amounts the way suppliers write them (the same
 * readers the CSV import uses), each failure a message for the field.
 */
import { parseDate } from '../../import/dates';
import { decimalEvidence, parseAmount } from '../../import/numbers';
import type { Lang } from '../i18n/locale';

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
