/**
 * Excel workbooks (.xlsx) on the same import path as CSV: one sheet (the first, or the one named) is
 * streamed with exceljs and written out as CSV, which then goes through the same detection, mapping,
 * validation, error file and idempotence as any CSV. Cells become text the CSV reader knows: a date
 * cell (an Excel serial number with a date format) becomes YYYY-MM-DD, a number its plain decimal
 * form, a formula its result. (Not the `xlsx` package from the registry: it has unpatched
 * vulnerabilities.)
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FileRejected } from './source.ts';

type CellValue = ExcelJS.CellValue;

/** The text of a cell as the CSV reader should see it. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return '';
  }
  return String(v);
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The rows of one sheet as CSV text (comma-separated, UTF-8), streamed. Empty rows in the middle of
 * the sheet are kept as empty lines, so CSV line numbers stay the sheet's row numbers.
 */
export function xlsxAsCsv(input: Readable, sheet?: string): Readable {
  async function* lines(): AsyncGenerator<string> {
    // Loaded on the first workbook: exceljs alone was an eighth of every process's start (0.25 s).
    const { default: Excel } = await import('exceljs');
    const reader = new Excel.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const seen: string[] = [];
    let found = false;
    try {
      for await (const ws of reader) {
        const worksheet = ws as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
        seen.push(worksheet.name);
        if (found || (sheet !== undefined && worksheet.name !== sheet)) {
          // Sheets not asked for are read past (the workbook is one stream).
          for await (const _ of worksheet);
          continue;
        }
        found = true;
        let next = 1;
        // A row ends at its last filled cell: shorter rows are padded to the header's width.
        let width = 0;
        for await (const row of worksheet) {
          for (; next < row.number; next++) yield '\n';
          const values = (row.values as CellValue[]).slice(1).map(cellText);
          if (width === 0) width = values.length;
          while (values.length < width) values.push('');
          yield `${values.map(quote).join(',')}\n`;
          next = row.number + 1;
        }
      }
    } catch (e) {
      if (e instanceof FileRejected) throw e;
      throw new FileRejected(`this is not an Excel workbook (.xlsx) that can be read: ${(e as Error).message}`, 'not_xlsx');
    }
    if (!found)
      throw new FileRejected(
        sheet === undefined
          ? 'the workbook has no sheets'
          : `the workbook has no sheet named "${sheet}"; it has ${seen.map((s) => `"${s}"`).join(', ')}`,
        'no_sheet',
      );
  }
  return Readable.from(lines(), { objectMode: false });
}

export const isXlsxName = (fileName: string) => /\.xlsx$/i.test(fileName);
