/**
 * A look at the start of an upload, for the person matching its columns: how it is encoded and
 * separated, its columns with a few values each, how they map onto tijdig's fields, the formats the
 * values show, and the first rows as the import would read them (or why it would reject them). Only
 * the first rows are read, so it answers at once however large the file.
 */
import { Readable } from 'node:stream';
import { decideFormats, type ImportOptions, type Locale } from './analyze.ts';
import { type ColumnMap, type ImportKind, mapColumns } from './columns.ts';
import { type DayMonthOrder, orderEvidence } from './dates.ts';
import { type DecimalMark, decimalEvidence } from './numbers.ts';
import { type ConvertedRow, type Decisions, type EntityRef, type RowError, RowReader } from './rows.ts';
import { type Delimiter, type Encoding, FileRejected, readCsv, readHead, sniff } from './source.ts';
import type { SupplierNames } from './supplier-names.ts';

/** Enough bytes for the header and the preview's rows of any reasonable export. */
const HEAD_BYTES = 512 * 1024;

export interface Preview {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  /** Up to three non-empty values of each column, in file order. */
  samples: string[][];
  columns: ColumnMap;
  decisions: Decisions;
  notes: string[];
  /** The first rows: each converted, or its errors. */
  rows: Array<{ line: number; fields: string[]; result: ConvertedRow | RowError[] }>;
  /** Date fields whose values mostly cannot be read with the chosen day/month order. */
  impossibleDates: string[];
}

export async function previewUpload(
  open: () => Readable,
  kind: ImportKind,
  opts: ImportOptions,
  locale: Locale,
  baseCurrency: string,
  rowCount = 10,
  names?: SupplierNames,
  entities?: ReadonlyMap<string, EntityRef>,
): Promise<Preview> {
  const head = await readHead(open(), HEAD_BYTES);
  const sniffed = sniff(head);
  const delimiter = opts.delimiter ?? sniffed.delimiter;
  const encoding: Encoding = opts.encoding ?? (sniffed.looksUtf8 ? 'utf-8' : 'windows-1252');
  // The head may end inside a row: that last row is not shown.
  const whole = head.length < HEAD_BYTES;
  const records: Array<{ fields: string[]; line: number }> = [];
  try {
    for await (const batch of readCsv(Readable.from([head]), encoding, delimiter)) {
      records.push(...batch);
      if (records.length > 200) break;
    }
  } catch (e) {
    if (!(e instanceof FileRejected) || whole) throw e;
    // A quoted field cut off by the head's end: what was read before it is enough.
  }
  if (!whole && records.length > 1) records.pop();
  if (records.length === 0) throw new FileRejected('the file has no header line');
  const header = records[0].fields.map((h) => h.trim());
  const body = records.slice(1);
  const samples = header.map((_, i) =>
    body
      .map((r) => (r.fields[i] ?? '').trim())
      .filter(Boolean)
      .slice(0, 3),
  );
  const columns = mapColumns(kind, header, opts.mapping);
  const reader = new RowReader(kind, columns, header);
  if (names) reader.matchNamesWith(names);
  if (entities) reader.matchEntitiesWith(entities);
  const decimal: Record<DecimalMark, number> = { ',': 0, '.': 0 };
  const order: Record<string, Record<DayMonthOrder, number>> = {};
  for (const c of reader.columnsOf('date')) order[c.field] = { DMY: 0, MDY: 0 };
  for (const r of body) {
    for (const c of reader.columnsOf('amount')) {
      const e = decimalEvidence(r.fields[c.index] ?? '');
      if (e) decimal[e]++;
    }
    for (const c of reader.columnsOf('date')) {
      const e = orderEvidence(r.fields[c.index] ?? '');
      if (e) order[c.field][e]++;
    }
  }
  const formats = decideFormats(decimal, order, opts, locale);
  const decisions: Decisions = { ...formats.decisions, baseCurrency, negateAmounts: !!opts.negateAmounts };
  const complete = columns.missing.length === 0 && columns.duplicates.length === 0;
  const converted = body.map((r) => ({
    line: r.line,
    fields: r.fields,
    result: complete ? reader.convert(r.fields, r.line, decisions) : [],
  }));
  // A date column whose values mostly fail under the chosen order: the order is likely wrong.
  const impossibleDates = complete
    ? reader
        .columnsOf('date')
        .filter((c) => {
          const filled = converted.filter((r) => (r.fields[c.index] ?? '').trim() !== '');
          const failed = filled.filter((r) => Array.isArray(r.result) && r.result.some((e) => e.column === header[c.index]));
          return filled.length >= 2 && failed.length * 2 > filled.length;
        })
        .map((c) => c.field)
    : [];
  return {
    encoding,
    delimiter,
    header,
    samples,
    columns,
    decisions,
    notes: formats.notes,
    rows: converted.slice(0, rowCount),
    impossibleDates,
  };
}
