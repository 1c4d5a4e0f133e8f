/** The small parts of a workbook that say how to read its sheets: relationships, sheets, styles, strings. */
import type { Readable } from 'node:stream';
import { readXml } from '../xml.ts';
import { isBuiltinDateFormat, isDateFormat } from './cells.ts';

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** A `.rels` part: where each relationship of the part points. */
export async function readRelationships(input: Readable): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await readXml(input, {
    open(name, a) {
      if (name === 'Relationship' && a.TargetMode !== 'External') rels.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '' });
    },
  });
  return rels;
}

export interface WorkbookSheets {
  sheets: Array<{ name: string; relationshipId: string }>;
  date1904: boolean;
}

/** `workbook.xml`: the sheets in the order the workbook shows them, and its date system. */
export async function readWorkbook(input: Readable): Promise<WorkbookSheets> {
  const out: WorkbookSheets = { sheets: [], date1904: false };
  await readXml(input, {
    open(name, a) {
      if (name === 'workbookPr') out.date1904 = a.date1904 === '1' || a.date1904 === 'true';
      // r:id, with whatever prefix the workbook gives the relationships namespace.
      if (name === 'sheet')
        out.sheets.push({ name: a.name ?? '', relationshipId: Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '' });
    },
  });
  return out;
}

/** `styles.xml`: for each cell style (the `s` of a cell), whether its number format is a date. */
export async function readDateStyles(input: Readable): Promise<boolean[]> {
  const customFormats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await readXml(input, {
    open(name, a) {
      if (name === 'numFmt') customFormats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styleFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styleFormats.map((id) => {
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormat(custom) : isBuiltinDateFormat(id);
  });
}

/**
 * `sharedStrings.xml`: each string's text, rich-text runs joined; phonetic guides (`rPh`, furigana)
 * are not part of the text.
 */
export async function readSharedStrings(input: Readable): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await readXml(input, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    close(name) {
      if (name === 'si') strings.push(current);
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inText = false;
    },
    text(t) {
      if (inText) current += t;
    },
  });
  return strings;
}
