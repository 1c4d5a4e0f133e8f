/**
 * One worksheet, streamed, as CSV lines (comma-separated). Line n of the CSV is row n of the sheet,
 * so the import's errors name the row a user sees in Excel: rows the sheet skips, and rows with
 * only empty cells (formatting left below the data), become empty lines, which the CSV reader skips.
 * A row ends at its last filled cell; rows shorter than the header are padded to its width.
 */
import type { Readable } from 'node:stream';
import { csvLine } from '../csv-line.ts';
import { FileRejected } from '../source.ts';
import { parseXml } from '../xml.ts';
import { type CellContext, cellText, columnNumber } from './cells.ts';

export async function* sheetAsCsv(input: Readable, ctx: CellContext, sheetName: string): AsyncGenerator<string> {
  const lines: string[] = [];
  let rowNumber = 0;
  let nextLine = 1;
  let width = 0;
  let cells: string[] = [];
  let column = 0;
  let ref = '';
  let cell = { type: 'n', value: '', style: 0 };
  // Text is the cell's value inside its <v>, or inside the <t> of an inline string (not its phonetic guide).
  let inValue = false;
  let inPhonetic = false;

  const endRow = () => {
    for (; nextLine < rowNumber; nextLine++) lines.push('\n');
    nextLine = rowNumber + 1;
    let last = cells.length;
    while (last > 0 && !cells[last - 1]) last--;
    if (last === 0) return void lines.push('\n');
    const values = Array.from({ length: Math.max(last, width) }, (_, i) => cells[i] ?? '');
    if (width === 0) width = last;
    lines.push(csvLine(values));
  };

  const parsing = parseXml(input, {
    open(name, a) {
      switch (name) {
        case 'row':
          rowNumber = a.r ? Number(a.r) : rowNumber + 1;
          if (!Number.isInteger(rowNumber) || rowNumber < nextLine)
            throw new FileRejected(`sheet "${sheetName}" has a row numbered ${a.r ?? '?'} out of order`, 'not_xlsx');
          cells = [];
          column = 0;
          break;
        case 'c':
          column = a.r ? columnNumber(a.r) : column + 1;
          ref = a.r ?? `column ${column} of row ${rowNumber}`;
          cell = { type: a.t ?? 'n', value: '', style: Number(a.s ?? 0) };
          break;
        case 'v':
          inValue = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell.type === 'inlineStr' && !inPhonetic) inValue = true;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          inValue = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          try {
            const text = cellText(cell, ctx);
            if (text !== '' && column > 0) cells[column - 1] = text;
          } catch (e) {
            throw new FileRejected(`sheet "${sheetName}", cell ${ref}: ${(e as Error).message}`, 'not_xlsx');
          }
          break;
        case 'row':
          endRow();
          break;
      }
    },
    text(t) {
      if (inValue) cell.value += t;
    },
  });
  for await (const _ of parsing) if (lines.length) yield lines.splice(0).join('');
  if (lines.length) yield lines.join('');
}
