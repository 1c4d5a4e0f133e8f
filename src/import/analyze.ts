/**
 * First pass over an upload: encoding, delimiter, columns, and the per-file decisions (decimal mark,
 * day/month order per date column) taken from all values, plus the keys that occur twice.
 */
import type { Readable } from 'node:stream';
import { type ColumnMap, type ImportKind, mapColumns } from './columns';
import { type DayMonthOrder, orderEvidence } from './dates';
import { type DecimalMark, decimalEvidence } from './numbers';
import { AMOUNT_FIELDS, DATE_FIELDS, type Decisions } from './rows';
import { type Delimiter, type Encoding, FileRejected, isUtf8, readCsv, readHead, sniff } from './source';

export type Locale = 'nl' | 'en-GB' | 'en-US';

export interface ImportOptions {
  mapping?: Record<string, string>;
  encoding?: Encoding;
  delimiter?: Delimiter;
  decimalMark?: DecimalMark;
  dateOrder?: DayMonthOrder;
  allOrNothing?: boolean;
}

export interface Analysis {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  columns: ColumnMap;
  decisions: Decisions;
  /** What was detected or assumed, in words, for the import summary. */
  notes: string[];
  rows: number;
  /** Natural key → the lines it occurs on, for keys that occur more than once. */
  duplicates: Map<string, number[]>;
}

export const keyOf = (kind: ImportKind, set: Map<string, { value: string }>) =>
  kind === 'invoices'
    ? `${set.get('supplierId')?.value.trim()}\u0000${set.get('invoiceNumber')?.value.trim()}`
    : (set.get('supplierId')?.value.trim() ?? '');

export function cellsOf(fields: string[], columns: ColumnMap, header: string[]): Map<string, { column: string; value: string }> {
  const cells = new Map<string, { column: string; value: string }>();
  for (const [i, field] of columns.fields) cells.set(field, { column: header[i], value: fields[i] ?? '' });
  return cells;
}

export async function analyze(
  open: () => Readable,
  kind: ImportKind,
  opts: ImportOptions,
  locale: Locale,
  baseCurrency: string,
): Promise<Analysis> {
  const notes: string[] = [];
  const head = await readHead(open());
  const sniffed = sniff(head);
  const delimiter = opts.delimiter ?? sniffed.delimiter;
  const encoding: Encoding = opts.encoding ?? ((await isUtf8(open())) ? 'utf-8' : 'windows-1252');
  notes.push(
    `encoding ${encoding}${opts.encoding ? ' (given)' : ' (detected)'}, delimiter ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}${opts.delimiter ? ' (given)' : ' (detected)'}`,
  );

  let header: string[] | null = null;
  let columns: ColumnMap | null = null;
  const decimal = { ',': 0, '.': 0 };
  const order: Record<string, { DMY: number; MDY: number }> = {};
  const firstLine = new Map<string, number>();
  const duplicates = new Map<string, number[]>();
  let rows = 0;

  for await (const rec of readCsv(open(), encoding, delimiter)) {
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      columns = mapColumns(kind, header, opts.mapping);
      if (columns.missing.length)
        throw new FileRejected(`required column(s) missing: ${columns.missing.join(', ')} (found: ${header.join(', ')})`);
      if (columns.duplicates.length) throw new FileRejected(`more than one column maps to: ${columns.duplicates.join(', ')}`);
      continue;
    }
    rows++;
    const cells = cellsOf(rec.fields, columns as ColumnMap, header);
    for (const [field, c] of cells) {
      if (AMOUNT_FIELDS.includes(field)) {
        const e = decimalEvidence(c.value);
        if (e) decimal[e]++;
      } else if (DATE_FIELDS.includes(field)) {
        const e = orderEvidence(c.value);
        order[field] ??= { DMY: 0, MDY: 0 };
        if (e) order[field][e]++;
      }
    }
    const key = keyOf(kind, cells);
    const seen = firstLine.get(key);
    if (seen === undefined) firstLine.set(key, rec.line);
    else duplicates.set(key, [...(duplicates.get(key) ?? [seen]), rec.line]);
  }
  if (!header || !columns) throw new FileRejected('the file has no header line');

  const localeMark: DecimalMark = locale === 'nl' ? ',' : '.';
  let decimalMark: DecimalMark;
  if (opts.decimalMark) decimalMark = opts.decimalMark;
  else if (decimal[','] + decimal['.'] === 0) {
    decimalMark = localeMark;
    notes.push(`no amount shows its decimal mark; using the locale's "${localeMark}"`);
  } else {
    decimalMark = decimal[','] >= decimal['.'] ? ',' : '.';
    notes.push(`decimal mark "${decimalMark}" (detected from ${decimal[decimalMark]} amounts)`);
  }

  // A column whose own values cannot tell takes the order the file's other date columns prove
  // (one ERP writes all its dates alike); only a file where no value tells falls back to the locale.
  const localeOrder: DayMonthOrder = locale === 'en-US' ? 'MDY' : 'DMY';
  const fileEvidence = Object.values(order).reduce((a, e) => ({ DMY: a.DMY + e.DMY, MDY: a.MDY + e.MDY }), { DMY: 0, MDY: 0 });
  const fileOrder: DayMonthOrder | null =
    fileEvidence.DMY + fileEvidence.MDY === 0 ? null : fileEvidence.DMY >= fileEvidence.MDY ? 'DMY' : 'MDY';
  const words = (o: DayMonthOrder) => (o === 'DMY' ? 'day-month-year' : 'month-day-year');
  const dateOrder: Record<string, DayMonthOrder> = {};
  const fromFile: string[] = [];
  const fromLocale: string[] = [];
  for (const [field, ev] of Object.entries(order)) {
    if (opts.dateOrder) dateOrder[field] = opts.dateOrder;
    else if (ev.DMY + ev.MDY > 0) dateOrder[field] = ev.DMY >= ev.MDY ? 'DMY' : 'MDY';
    else if (fileOrder) {
      dateOrder[field] = fileOrder;
      fromFile.push(field);
    } else {
      dateOrder[field] = localeOrder;
      fromLocale.push(field);
    }
  }
  if (fromFile.length && fileOrder)
    notes.push(
      `day/month order of ${fromFile.join(', ')} cannot be told from its own values; read as ${words(fileOrder)} like the file's other dates`,
    );
  if (fromLocale.length)
    notes.push(
      `day/month order of ${fromLocale.join(', ')} cannot be told from the values (or they are ISO/named); numeric dates there are read as ${words(localeOrder)} (locale ${locale})`,
    );
  if (columns.unknown.length) notes.push(`columns not used: ${columns.unknown.join(', ')}`);

  return { encoding, delimiter, header, columns, decisions: { decimalMark, dateOrder, baseCurrency }, notes, rows, duplicates };
}
