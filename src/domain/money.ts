/**
 * Money is an integer number of minor units (cents) with an ISO 4217 currency. Sums are exact
 * integer sums; fractions (interest, FX) are computed with BigInt and rounded once, half away
 * from zero.
 */
export type Currency = string;
export type Minor = number;

/** Minor-unit exponents that differ from 2. */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export const exponentOf = (currency: Currency) => EXPONENT[currency] ?? 2;

/** Per-currency totals. */
export type Totals = Record<Currency, Minor>;

export function addTo(totals: Totals, currency: Currency, amount: Minor): void {
  totals[currency] = (totals[currency] ?? 0) + amount;
}

/** Minor units as a decimal string: 123456 EUR → "1234.56", -5 → "-0.05". */
export function formatMinor(amount: Minor, currency: Currency): string {
  const exp = exponentOf(currency);
  const neg = amount < 0;
  const digits = Math.abs(amount)
    .toString()
    .padStart(exp + 1, '0');
  const s = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${s}` : s;
}

/** Totals as text for people: "EUR 12.50 + USD 3.00" (currencies in alphabetical order). */
export function formatTotals(totals: Totals, separator = ' + '): string {
  return Object.keys(totals)
    .sort()
    .map((c) => `${c} ${formatMinor(totals[c], c)}`)
    .join(separator);
}

/** JSON form of totals: `{"EUR": "1234.56"}`, currencies in alphabetical order for stable output. */
export function totalsJson(totals: Totals): Record<Currency, string> {
  return Object.fromEntries(
    Object.keys(totals)
      .sort()
      .map((c) => [c, formatMinor(totals[c], c)]),
  );
}

/** n / d rounded to an integer, half away from zero (d > 0). */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** A decimal string ("10.15", "1.0825") as an exact fraction scaled by 10^scale. */
export function decimalToScaled(s: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(s)}`);
  const frac = (m[3] ?? '').padEnd(scale, '0');
  if (frac.length > scale) throw new RangeError(`${s} has more than ${scale} decimals`);
  const v = BigInt(m[2]) * 10n ** BigInt(scale) + BigInt(frac || '0');
  return m[1] ? -v : v;
}

/** FX table: how many units of the base currency one unit of a currency is worth, as decimal strings. */
export interface FxTable {
  base: Currency;
  rates: Record<Currency, string>;
  /** Where the rates come from (shown beside converted totals). */
  source?: string;
}

const FX_SCALE = 8;

/** Converts minor units to the base currency, or null when the table has no rate for it. */
export function toBase(amount: Minor, currency: Currency, base: Currency, fx?: FxTable): Minor | null {
  if (currency === base) return amount;
  const rate = fx?.rates[currency];
  if (!fx || fx.base !== base || rate === undefined) return null;
  const scaled = decimalToScaled(rate, FX_SCALE);
  const shift = 10n ** BigInt(Math.max(0, exponentOf(base) - exponentOf(currency)));
  const unshift = 10n ** BigInt(Math.max(0, exponentOf(currency) - exponentOf(base)));
  return Number(divRound(BigInt(amount) * scaled * shift, 10n ** BigInt(FX_SCALE) * unshift));
}
