/**
 * Dates as ERPs write them: ISO (`2025-03-01`, also with a time), `YYYYMMDD`, `DD-MM-YYYY`,
 * `DD/MM/YYYY`, `D.M.YY`, and Dutch or English month names (`3 mrt 2025`, `3 Mar 2025`, `March 3, 2025`).
 * Day/month order of numeric dates is decided per column from all its values; a column where every
 * value is ambiguous uses the locale's order, and the import summary says so. Never a silent guess,
 * never "today" in place of a bad date.
 */
import { addDays, isValidYmd } from '../domain/dates.ts';

export type DayMonthOrder = 'DMY' | 'MDY';

const MONTHS: Record<string, number> = {
  jan: 1,
  januari: 1,
  january: 1,
  feb: 2,
  februari: 2,
  february: 2,
  mrt: 3,
  maart: 3,
  mar: 3,
  march: 3,
  maa: 3,
  apr: 4,
  april: 4,
  mei: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  aug: 8,
  augustus: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oct: 10,
  oktober: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

function build(y: number, m: number, d: number): string | null {
  return isValidYmd(y, m, d) ? `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}` : null;
}

const year = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/;
const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NAMED_DMY = /^(\d{1,2})[\s.-]+([a-z]+)\.?[\s.,-]+(\d{2}|\d{4})$/i;
const NAMED_MDY = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/i;

/** What one value says about day/month order: null when it is not a numeric D-M-Y date or could be either. */
export function orderEvidence(raw: string): DayMonthOrder | null {
  const m = NUMERIC.exec(raw.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return 'DMY';
  if (b > 12 && a <= 12) return 'MDY';
  return null;
}

/** A calendar date, or an error message naming what is wrong. */
/** Excel's day numbers (1900 date system: day 1 is 1900-01-01, counted from 1899-12-30 because of its leap-year bug). */
const EXCEL_SERIAL = /^\d{5}$/;

export function parseDate(raw: string, order: DayMonthOrder): string | { error: string } {
  const s = raw.trim();
  // A five-digit number is a date only as an Excel serial (1954-10-03 to 2119-01-08): a workbook's
  // date cell without a date format, or a CSV saved from one.
  if (EXCEL_SERIAL.test(s) && Number(s) >= 20_000 && Number(s) <= 80_000) return addDays('1899-12-30', Number(s));
  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3])) ?? { error: 'no such date' };
  m = COMPACT.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3])) ?? { error: 'no such date' };
  m = NUMERIC.exec(s);
  if (m) {
    const [d, mo] = order === 'DMY' ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    if (mo > 12)
      return { error: `month ${mo} does not exist (this column is read as ${order === 'DMY' ? 'day-month-year' : 'month-day-year'})` };
    return build(year(m[3]), mo, d) ?? { error: 'no such date' };
  }
  m = NAMED_DMY.exec(s);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    if (!mo) return { error: `unknown month name "${m[2]}"` };
    return build(year(m[3]), mo, Number(m[1])) ?? { error: 'no such date' };
  }
  m = NAMED_MDY.exec(s);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    if (!mo) return { error: `unknown month name "${m[1]}"` };
    return build(Number(m[3]), mo, Number(m[2])) ?? { error: 'no such date' };
  }
  return { error: 'not a date (expected e.g. 2025-03-01, 01-03-2025, 20250301 or 1 mrt 2025)' };
}
