/**
 * Excel workbooks (.xlsx) on the same import path as CSV: one sheet (the first, or the one named)
 * becomes CSV, which then goes through the same detection, mapping, validation, error file and
 * idempotence as any CSV file.
 *
 * The workbook is read through its zip's central directory (yauzl), from a source that can read any
 * byte range of the stored upload: the parts a sheet depends on (relationships, sheet names, styles,
 * shared strings) are read first, whatever order the zip stores them in, then the sheet is streamed.
 * exceljs's streaming reader did this in one pass over the zip in stored order; its hand-off between
 * entries races (exceljs#3064, #1558), so imports failed at random or read cells without their
 * shared strings. (Not the `xlsx` package from the registry either: it has unpatched vulnerabilities.)
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { FileRejected } from '../source.ts';
import { RangeReader, type RangeSource } from '../zip.ts';
import { readDateStyles, readRelationships, readSharedStrings, readWorkbook } from './parts.ts';
import { sheetAsCsv } from './sheet-csv.ts';

export const isXlsxName = (fileName: string) => /\.xlsx$/i.test(fileName);

/** The first bytes of an OLE compound file: an .xls workbook, or an .xlsx saved with a password. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function head(source: RangeSource, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of source(0, Math.min(size, OLE_SIGNATURE.length))) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Part names in a package are case-insensitive (ECMA-376 part 2, §6.2.2.3). */
const key = (name: string) => name.replace(/^\/+/, '').toLowerCase();

/** A relationship's target, relative to the part that holds the relationship, as a part name. */
const resolveTarget = (fromPart: string, target: string) =>
  key(target.startsWith('/') ? target : path.posix.join(path.posix.dirname(fromPart), target));

const relsOf = (part: string) => path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);

export interface XlsxOptions {
  /** The sheet to read; the first one when not given. */
  sheet?: string;
  /** Parts held in memory whole (shared strings, styles) may not be larger than this. */
  maxPartBytes: number;
}

/** The rows of one sheet as CSV text (comma-separated, UTF-8), streamed. */
export function xlsxAsCsv(source: RangeSource, size: number, opts: XlsxOptions): Readable {
  async function* csv(): AsyncGenerator<string> {
    if ((await head(source, size)).equals(OLE_SIGNATURE))
      throw new FileRejected(
        'this is an old Excel file (.xls) or a workbook saved with a password; save it in Excel as .xlsx without a password',
        'not_xlsx',
      );
    const reader = new RangeReader(source, size);
    let zip: yauzl.ZipFile | undefined;
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false });
      const entries = new Map<string, yauzl.Entry>();
      for await (const e of zip.eachEntry()) entries.set(key(e.fileName), e);
      const open = (part: string) => {
        const e = entries.get(key(part));
        if (!e) throw new FileRejected(`the workbook has no part ${part}`, 'not_xlsx');
        if (e.isEncrypted()) throw new FileRejected('the workbook is encrypted; save it without a password', 'not_xlsx');
        return (zip as yauzl.ZipFile).openReadStreamPromise(e);
      };
      const openWhole = (part: string) => {
        const e = entries.get(key(part));
        if (e && e.uncompressedSize > opts.maxPartBytes)
          throw new FileRejected(
            `the workbook's ${path.posix.basename(part)} is ${Math.ceil(e.uncompressedSize / 2 ** 20)} MB unpacked, over the upload limit`,
            'not_xlsx',
          );
        return open(part);
      };

      const officeDocument = (await readRelationships(await open('_rels/.rels'))).find((r) => r.type.endsWith('/officeDocument'));
      // The package's own relationships are relative to its root.
      const workbookPart = officeDocument ? resolveTarget('/', officeDocument.target) : 'xl/workbook.xml';
      const book = await readWorkbook(await openWhole(workbookPart));
      const rels = entries.has(key(relsOf(workbookPart))) ? await readRelationships(await open(relsOf(workbookPart))) : [];
      const partOf = (type: string) => {
        const r = rels.find((x) => x.type.endsWith(type));
        return r && entries.has(resolveTarget(workbookPart, r.target)) ? resolveTarget(workbookPart, r.target) : undefined;
      };
      const stringsPart = partOf('/sharedStrings');
      const stylesPart = partOf('/styles');
      const sharedStrings = stringsPart ? await readSharedStrings(await openWhole(stringsPart)) : [];
      const dateStyles = stylesPart ? await readDateStyles(await openWhole(stylesPart)) : [];

      const names = book.sheets.map((s) => s.name);
      const chosen = opts.sheet === undefined ? book.sheets[0] : book.sheets.find((s) => s.name === opts.sheet);
      if (!chosen)
        throw new FileRejected(
          opts.sheet === undefined
            ? 'the workbook has no sheets'
            : `the workbook has no sheet named "${opts.sheet}"; it has ${names.map((s) => `"${s}"`).join(', ')}`,
          'no_sheet',
        );
      const target = rels.find((r) => r.id === chosen.relationshipId)?.target;
      if (!target) throw new FileRejected(`the workbook does not say where sheet "${chosen.name}" is stored`, 'not_xlsx');
      yield* sheetAsCsv(
        await open(resolveTarget(workbookPart, target)),
        { sharedStrings, dateStyles, date1904: book.date1904 },
        chosen.name,
      );
    } catch (e) {
      if (e instanceof FileRejected || reader.failures.has(e as Error)) throw e;
      throw new FileRejected(`this is not an Excel workbook (.xlsx) that can be read: ${(e as Error).message}`, 'not_xlsx');
    } finally {
      zip?.close();
    }
  }
  return Readable.from(csv(), { objectMode: false });
}
