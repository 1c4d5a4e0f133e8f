/**
 * First pass over an upload: encoding, delimiter, columns, and the per-file decisions (decimal mark,
 * day/month order per date column) taken from all values, plus the keys that occur twice.
 */
import type { Readable } from 'node:stream';
import { type ColumnMap, type ImportKind, mapColumns } from './columns.ts';
import { type DayMonthOrder, orderEvidence } from './dates.ts';
import { type DecimalMark, decimalEvidence } from './numbers.ts';
import { KeyHashes, repeatedKeys } from './repeated-keys.ts';
import { type Decisions, RowReader } from './rows.ts';
import { type Delimiter, type Encoding, FileRejected, NotUtf8, readCsv, readHead, sniff } from './source.ts';

export type Locale = 'nl' | 'en-GB' | 'en-US';

export interface ImportOptions {
  mapping?: Record<string, string>;
  encoding?: Encoding;
  delimiter?: Delimiter;
  decimalMark?: DecimalMark;
  dateOrder?: DayMonthOrder;
  allOrNothing?: boolean;
  /** Excel workbooks: the sheet to import (default: the first). */
  sheet?: string;
  /** Payables written as negative amounts (some ERPs' exports): turned around. */
  negateAmounts?: boolean;
  /** The import profile named for it (chosen from the header set when not given). */
  profile?: string;
}

export interface Analysis {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  columns: ColumnMap;
  /** Reads this file's rows by its header. */
  reader: RowReader;
  decisions: Decisions;
  /** What was detected or assumed, in words, for the import summary. */
  notes: string[];
  rows: number;
  /** Natural key → the lines it occurs on, for keys that occur more than once. */
  duplicates: Map<string, number[]>;
}

interface Scan {
  header: string[];
  columns: ColumnMap;
  reader: RowReader;
  decimal: Record<DecimalMark, number>;
  order: Record<string, Record<DayMonthOrder, number>>;
  duplicates: Map<string, number[]>;
  rows: number;
  /** Rows whose invoice amount is negative, and positive. */
  signs: { negative: number; positive: number };
}

/** Reads every row once: the header, the evidence for the formats, and the keys that repeat. */
async function scan(
  open: () => Readable,
  kind: ImportKind,
  opts: ImportOptions,
  encoding: Encoding,
  delimiter: Delimiter,
  checkUtf8: boolean,
): Promise<Scan> {
  let header: string[] | null = null;
  let columns: ColumnMap | null = null;
  let reader: RowReader | null = null;
  let amountColumns: Array<{ index: number }> = [];
  let dateColumns: Array<{ index: number; field: string }> = [];
  const decimal = { ',': 0, '.': 0 };
  const order: Record<string, Record<DayMonthOrder, number>> = {};
  const keys = new KeyHashes();
  const signs = { negative: 0, positive: 0 };
  let rows = 0;

  for await (const records of readCsv(open(), encoding, delimiter, { checkUtf8 }))
    for (const rec of records) {
      if (!reader) {
        header = rec.fields.map((h) => h.trim());
        columns = mapColumns(kind, header, opts.mapping);
        if (columns.missing.length)
          throw new FileRejected(`required column(s) missing: ${columns.missing.join(', ')} (found: ${header.join(', ')})`);
        if (columns.duplicates.length) throw new FileRejected(`more than one column maps to: ${columns.duplicates.join(', ')}`);
        reader = new RowReader(kind, columns, header);
        amountColumns = reader.columnsOf('amount');
        dateColumns = reader.columnsOf('date');
        for (const c of dateColumns) order[c.field] = { DMY: 0, MDY: 0 };
        continue;
      }
      rows++;
      const fields = rec.fields;
      for (const c of amountColumns) {
        const e = decimalEvidence(fields[c.index] ?? '');
        if (e) decimal[e]++;
      }
      for (const c of dateColumns) {
        const e = orderEvidence(fields[c.index] ?? '');
        if (e) order[c.field][e]++;
      }
      keys.add(reader.key(fields), rec.line);
      const amount = reader.text(fields, 'amount');
      if (amount) signs[amount.startsWith('-') || amount.endsWith('-') ? 'negative' : 'positive']++;
    }
  if (!header || !columns || !reader) throw new FileRejected('the file has no header line');
  let duplicates = new Map<string, number[]>();
  if (keys.repeated.size > 0) {
    // Rows whose key hash was seen before: compare their real keys (a hash can collide).
    const lines = keys.candidateLines();
    const candidates: Array<{ key: string; line: number }> = [];
    const r = reader;
    for await (const records of readCsv(open(), encoding, delimiter))
      for (const rec of records) if (lines.has(rec.line)) candidates.push({ key: r.key(rec.fields), line: rec.line });
    duplicates = repeatedKeys(candidates);
  }
  return { header, columns, reader, decimal, order, duplicates, rows, signs };
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
  // A file is read as UTF-8 unless its head already is not; the full read validates every byte and
  // falls back to Windows-1252 (any byte sequence is valid there) if one is not UTF-8 after all.
  let encoding: Encoding = opts.encoding ?? (sniffed.looksUtf8 ? 'utf-8' : 'windows-1252');
  let found: Scan;
  try {
    found = await scan(open, kind, opts, encoding, delimiter, !opts.encoding && encoding === 'utf-8');
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    encoding = 'windows-1252';
    found = await scan(open, kind, opts, encoding, delimiter, false);
  }
  const { header, columns, reader, decimal, order, duplicates, rows, signs } = found;
  notes.push(
    `encoding ${encoding}${opts.encoding ? ' (given)' : ' (detected)'}, delimiter ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}${opts.delimiter ? ' (given)' : ' (detected)'}`,
  );

  const formats = decideFormats(decimal, order, opts, locale);
  notes.push(...formats.notes);
  if (columns.unknown.length) notes.push(`columns not used: ${columns.unknown.join(', ')}`);
  // Most lines of a payables export are invoices, not credit notes: mostly negative amounts are
  // more likely an export that writes payables as negative. Said, not guessed: a person decides.
  if (kind === 'invoices' && !opts.negateAmounts && signs.negative > signs.positive)
    notes.push(
      `${signs.negative} of ${signs.negative + signs.positive} amounts are negative and were read as credit notes; if this export writes invoices as negative amounts, import it again with the amounts turned around`,
    );

  return {
    encoding,
    delimiter,
    header,
    columns,
    reader,
    decisions: { ...formats.decisions, baseCurrency, negateAmounts: !!opts.negateAmounts },
    notes,
    rows,
    duplicates,
  };
}

/**
 * The decimal mark and each date column's day/month order, from what the values showed (counts of
 * evidence), else from the options, else from the locale; with what was decided, in words.
 */
export function decideFormats(
  decimal: Record<DecimalMark, number>,
  order: Record<string, Record<DayMonthOrder, number>>,
  opts: ImportOptions,
  locale: Locale,
): { decisions: Omit<Decisions, 'baseCurrency'>; notes: string[] } {
  const notes: string[] = [];
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
  return { decisions: { decimalMark, dateOrder }, notes };
}
