/**
 * Amounts as ERPs write them: `1.234,56`, `1,234.56`, `1234,56`, `-3.000,00`, `€ 12,50`, `(45.00)`,
 * `12,50-`. Whether `,` or `.` is the decimal mark is decided once per file from all amount values;
 * a file where no value tells (e.g. only `1,234`) uses the organisation's locale and says so.
 */
export type DecimalMark = ',' | '.';

const CODES = /\b(EUR|USD|GBP|CHF|JPY)\b/gi;
const SYMBOLS = /[\s€$£¥]/g;

// Most amounts are plain digits and marks with at most a leading minus: no symbols to strip.
const PLAIN = /^-?[\d.,]+$/;

function strip(raw: string): { body: string; negative: boolean } | null {
  if (PLAIN.test(raw)) {
    const negative = raw.charCodeAt(0) === 45; // '-'
    const body = negative ? raw.slice(1) : raw;
    return /\d/.test(body) ? { body, negative } : null;
  }
  let s = raw.replace(CODES, '').replace(SYMBOLS, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.endsWith('-')) {
    negative = true;
    s = s.slice(0, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(/^[€$£¥]/, '');
  if (!/^[\d.,']+$/.test(s) || !/\d/.test(s)) return null;
  return { body: s, negative };
}

/** What one value says about the decimal mark: ',' or '.', or null when it could be either or neither. */
export function decimalEvidence(raw: string): DecimalMark | null {
  const p = strip(raw);
  if (!p) return null;
  const s = p.body;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.';
  const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
  if (!mark) return null;
  const parts = s.split(mark);
  // Several of the same mark: they are thousands separators, so the other one is the decimal mark.
  if (parts.length > 2) return mark === ',' ? '.' : ',';
  // One mark followed by exactly three digits is ambiguous (1,234 or 1.234); otherwise it is decimal.
  return parts[1].length === 3 ? null : mark;
}

// The usual shapes, per decimal mark: digits in groups of three or not, an optional minus, a short
// fraction. Anything else (symbols, brackets, errors) goes the general way below.
const USUAL: Record<DecimalMark, RegExp> = {
  ',': /^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d*))?$/,
  '.': /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/,
};

/** Minor units, or an error message. */
export function parseAmount(raw: string, mark: DecimalMark, exponent = 2): number | string {
  const m = USUAL[mark].exec(raw);
  if (m) {
    const digits = m[2].replaceAll(mark === ',' ? '.' : ',', '');
    const frac = m[3] ?? '';
    if (frac.length <= exponent && digits.length + exponent <= 15) {
      const n = Number(digits) * 10 ** exponent + Number(frac.padEnd(exponent, '0') || '0');
      return m[1] ? -n : n;
    }
  }
  return parseGeneral(raw, mark, exponent);
}

/** Every shape an amount can take; parseAmount's fast path must agree with it (tested). */
export function parseGeneral(raw: string, mark: DecimalMark, exponent: number): number | string {
  const p = strip(raw);
  if (!p) return 'not an amount';
  const thousands = mark === ',' ? '.' : ',';
  let s = p.body.replaceAll("'", '');
  const parts = s.split(mark);
  if (parts.length > 2) return `more than one decimal mark "${mark}"`;
  const [intPart, frac = ''] = parts;
  if (intPart.includes(thousands) && !/^\d{1,3}([.,]\d{3})+$/.test(intPart)) return `misplaced thousands separator "${thousands}"`;
  s = intPart.replaceAll(thousands, '');
  if (!/^\d+$/.test(s || '0') || !/^\d*$/.test(frac)) return 'not an amount';
  if (frac.length > exponent) {
    if (/[1-9]/.test(frac.slice(exponent))) return `more than ${exponent} decimals`;
  }
  const minor = BigInt(s || '0') * 10n ** BigInt(exponent) + BigInt(frac.slice(0, exponent).padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return 'amount too large';
  const n = Number(minor);
  return p.negative ? -n : n;
}
