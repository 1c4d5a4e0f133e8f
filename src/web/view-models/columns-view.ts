/**
 * The mapping step as the page shows it: each field with the column chosen for it and that column's
 * values, the formats, the first rows as they will be read, and what is wrong, by field.
 */
import { fieldsOf, type ImportKind } from '../../import/columns.ts';
import type { Preview } from '../../import/preview.ts';
import { AMOUNT_FIELDS, DATE_FIELDS } from '../../import/rows.ts';
import type { Locale } from '../i18n/locale.ts';
import type { FieldError } from '../views/layout.tsx';

/** What the form says: a column index per field (null: not in this file) and the formats chosen. */
export interface ColumnChoices {
  columns: Record<string, number | null>;
  encoding: string;
  delimiter: string;
  decimalMark: string;
  dateOrder: string;
  negate: boolean;
  name: string;
}

export interface ColumnsView {
  fields: Array<{ id: string; field: string; label: string; required: boolean; selected: number | null; samples: string }>;
  options: Array<{ index: number; label: string }>;
  detected: { encoding: string; delimiter: string; decimalMark: string; dateOrder: string };
  preview: { headings: string[]; rows: Array<{ line: string; cells: string[]; result: string; rejected: boolean }> } | null;
  errors: FieldError[];
}

/** The form's choices as a mapping of every header: its field, or '' for a column left out. */
export function mappingOf(header: string[], choices: ColumnChoices): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(header.map((h) => [h, '']));
  for (const [field, index] of Object.entries(choices.columns))
    if (index !== null && header[index] !== undefined) out[header[index]] = field;
  return out;
}

/** What is wrong with the choices, next to the field it is about (the GOV.UK error-summary pattern). */
export function choiceErrors(
  l: Locale,
  kind: ImportKind,
  header: string[],
  choices: ColumnChoices,
  preview: Preview | null,
  naming: boolean,
): FieldError[] {
  const t = l.t.columns;
  const errors: FieldError[] = [];
  const byColumn = new Map<number, string[]>();
  for (const [field, index] of Object.entries(choices.columns))
    if (index !== null) byColumn.set(index, [...(byColumn.get(index) ?? []), field]);
  for (const [index, fields] of byColumn)
    if (fields.length > 1)
      errors.push({ field: `f-${fields[1]}`, message: t.errTwice(header[index], fields.map((f) => t.fields[f] ?? f).join(', ')) });
  for (const { field, required } of fieldsOf(kind)) {
    if (!required || choices.columns[field] != null) continue;
    // A supplier named rather than coded is matched by name.
    if (field === 'supplierId' && choices.columns.supplierName != null) continue;
    errors.push({ field: `f-${field}`, message: t.errRequired(t.fields[field] ?? field) });
  }
  if (preview?.impossibleDates.length)
    errors.push({ field: 'dateOrder', message: t.errDates(preview.impossibleDates.map((f) => t.fields[f] ?? f).join(', ')) });
  if (naming && !choices.name.trim()) errors.push({ field: 'name', message: t.errName });
  return errors;
}

export function columnsView(l: Locale, kind: ImportKind, preview: Preview, choices: ColumnChoices, errors: FieldError[]): ColumnsView {
  const t = l.t.columns;
  const { header, samples } = preview;
  const fieldList = fieldsOf(kind).filter((f) => kind === 'invoices' || f.field !== 'supplierName');
  const mapped = fieldList.filter((f) => choices.columns[f.field] != null);
  const complete = preview.columns.missing.length === 0 && preview.columns.duplicates.length === 0;
  const show = (field: string, value: unknown, currency: string) => {
    if (value === undefined || value === null) return '';
    if (DATE_FIELDS.includes(field)) return l.shortDate(value as string);
    if (AMOUNT_FIELDS.includes(field)) return l.money(value as number, currency);
    return String(value);
  };
  return {
    fields: fieldList.map(({ field, required }) => {
      const selected = choices.columns[field] ?? null;
      return {
        id: `f-${field}`,
        field,
        label: t.fields[field] ?? field,
        required,
        selected,
        samples: selected === null ? '' : (samples[selected] ?? []).join(' · '),
      };
    }),
    options: header.map((h, index) => ({ index, label: `${h}${samples[index]?.length ? ` (${samples[index][0]})` : ''}` })),
    detected: {
      encoding: preview.encoding,
      delimiter: preview.delimiter === '\t' ? 'tab' : preview.delimiter,
      decimalMark: preview.decisions.decimalMark,
      dateOrder: Object.values(preview.decisions.dateOrder)[0] ?? 'DMY',
    },
    preview: complete
      ? {
          headings: mapped.map((f) => t.fields[f.field] ?? f.field),
          rows: preview.rows.map((r) => {
            const rejected = Array.isArray(r.result);
            const set = rejected ? {} : (r.result as { set: Record<string, unknown> }).set;
            const currency = (set.currency as string) ?? preview.decisions.baseCurrency;
            return {
              line: l.number(r.line),
              cells: mapped.map((f) => {
                if (rejected) return (r.fields[choices.columns[f.field] as number] ?? '').trim();
                return show(f.field, f.field === 'supplierName' ? set.supplierId : set[f.field], currency);
              }),
              result: rejected
                ? t.rejected(
                    (r.result as Array<{ column: string; reason: string }>)
                      .map((e) => `${e.column}: ${l.t.app.imports.rowReason(e.reason)}`)
                      .join('; '),
                  )
                : t.fine,
              rejected,
            };
          }),
        }
      : null,
    errors,
  };
}
