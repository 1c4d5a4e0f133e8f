/**
 * What a worksheet cell says, as the text the CSV reader expects: a date (a serial number in a date
 * format) as YYYY-MM-DD, a number in its plain decimal form, a formula as its cached result. Pure.
 */

/** A cell as the worksheet stores it: its type attribute, its `<v>` or inline text, its style. */
export interface RawCell {
  /** `t`: s (shared string), str (formula text), inlineStr, b, e, d (ISO date), n or absent (number). */
  type: string;
  value: string;
  style: number;
}

export interface CellContext {
  sharedStrings: readonly string[];
  /** Per cell style (`cellXfs` index): whether its number format shows a date or time. */
  dateStyles: readonly boolean[];
  /** The workbook counts days from 1904-01-01 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

export const isBuiltinDateFormat = (id: number) => BUILTIN_DATE_FORMATS.has(id);

/**
 * Whether a format code shows a date or time: a d, m, y, h or s outside quoted text, escaped
 * characters and [brackets] (colours, locales, currencies, elapsed-time markers).
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare);
}

/** A1-style reference → column number (A = 1, Z = 26, AA = 27); 0 when the reference has no letters. */
export function columnNumber(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const DAY_MS = 86_400_000;
/** Days from Excel's day 0 (1899-12-30, counting its phantom 1900-02-29) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAYS_1900_TO_1904 = 1_462;

/** An Excel serial day number as a calendar date; the time of day is dropped. */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  const ms = Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? DAYS_1900_TO_1904 : 0)) * DAY_MS);
  const day = Math.floor(ms / DAY_MS);
  // An export has few distinct dates in many rows: each is formatted once.
  let iso = isoDays.get(day);
  if (iso === undefined) {
    const d = new Date(day * DAY_MS);
    if (Number.isNaN(d.getTime())) return null;
    iso = d.toISOString().slice(0, 10);
    if (isoDays.size >= 100_000) isoDays.clear();
    isoDays.set(day, iso);
  }
  return iso;
}
const isoDays = new Map<number, string>();

/** The cell's text; throws (RangeError) for a reference to a shared string the workbook lacks. */
export function cellText(cell: RawCell, ctx: CellContext): string {
  const v = cell.value;
  switch (cell.type) {
    case 's': {
      const s = ctx.sharedStrings[Number(v)];
      if (s === undefined) throw new RangeError(`it refers to shared string ${v}, which the workbook does not have`);
      return s;
    }
    case 'str':
    case 'inlineStr':
      return v;
    case 'b':
      return v === '1' || v === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      // #N/A, #REF! and the like: no value, as an empty cell.
      return '';
    case 'd':
      return v.slice(0, 10);
    default: {
      if (v.trim() === '') return '';
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      if (ctx.dateStyles[cell.style]) return serialToIsoDate(n, ctx.date1904) ?? v;
      return String(n);
    }
  }
}
