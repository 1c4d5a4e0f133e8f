/**
 * A language with its messages and its way of writing money, dates and numbers. Money is formatted
 * from its exact decimal string (Intl formats decimal strings without going through a float).
 */
import { DateTime } from 'luxon';
import type { CalendarDate } from '../../domain/dates.ts';
import { type Currency, exponentOf, formatMinor, type Minor, type Totals } from '../../domain/money.ts';
import { en, type Messages } from './en.ts';
import { nl } from './nl.ts';

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

const TAG: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };
const CATALOGUES: Record<Lang, Messages> = { nl, en };

export interface Locale {
  lang: Lang;
  t: Messages;
  money: (minor: Minor, currency: Currency) => string;
  /** Per-currency totals joined ("€ 12,50 + $ 3,00"); `none` when empty. */
  totals: (t: Totals) => string;
  /** "3 January 2025". */
  date: (d: CalendarDate) => string;
  /** "3 Jan 2025", for tables. */
  shortDate: (d: CalendarDate) => string;
  /** A moment in a time zone: "25 Nov 2026, 14:23". */
  instant: (d: Date, zone: string) => string;
  /** "January 2025" / "Jan 2025". */
  month: (d: CalendarDate, short?: boolean) => string;
  number: (x: number, maxDigits?: number) => string;
  /** Short numbers for chart axes ("15K", "1,2 mln."). */
  compact: (x: number) => string;
  /** A share 0..1 as a percentage. */
  percent: (share: number) => string;
  /** Basis points a year as a percentage ("10.15%"). */
  rate: (bp: number) => string;
}

function memo<K, V>(fn: (k: K) => V, limit = 5000): (k: K) => V {
  const m = new Map<K, V>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) {
      if (m.size >= limit) m.clear();
      m.set(k, (v = fn(k)));
    }
    return v;
  };
}

function build(lang: Lang): Locale {
  const tag = TAG[lang];
  const t = CATALOGUES[lang];
  const moneyFormat = memo(
    (c: Currency) =>
      new Intl.NumberFormat(tag, {
        style: 'currency',
        currency: c,
        minimumFractionDigits: exponentOf(c),
        maximumFractionDigits: exponentOf(c),
      }),
  );
  const day = (d: CalendarDate) => DateTime.fromISO(d, { zone: 'utc' }).setLocale(tag);
  const numberFormat = memo((digits: number) => new Intl.NumberFormat(tag, { maximumFractionDigits: digits }));
  const percentFormat = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const compactFormat = new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
  const rateFormat = new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // Intl's percent style multiplies by 100: basis points are handed over as a decimal string of
  // the fraction, so no float ever stands in for the rate.
  const bpFraction = (bp: number) => (bp / 10_000).toFixed(4);
  const money = (minor: Minor, c: Currency) => moneyFormat(c).format(formatMinor(minor, c) as Intl.StringNumericLiteral);
  return {
    lang,
    t,
    money,
    totals: (totals) => {
      const cs = Object.keys(totals).sort();
      return cs.length ? cs.map((c) => money(totals[c], c)).join(' + ') : money(0, 'EUR');
    },
    date: memo((d: CalendarDate) => day(d).toLocaleString(DateTime.DATE_FULL)),
    shortDate: memo((d: CalendarDate) => day(d).toLocaleString(DateTime.DATE_MED)),
    instant: (d, zone) => DateTime.fromJSDate(d, { zone }).setLocale(tag).toLocaleString(DateTime.DATETIME_MED),
    month: (d, short = false) => day(d).toFormat(short ? 'LLL yyyy' : 'LLLL yyyy'),
    number: (x, digits = 1) => numberFormat(digits).format(x),
    compact: (x) => compactFormat.format(x),
    percent: (s) => percentFormat.format(s),
    rate: (bp) => rateFormat.format(bpFraction(bp) as Intl.StringNumericLiteral),
  };
}

const LOCALES: Record<Lang, Locale> = { nl: build('nl'), en: build('en') };

export const localeOf = (lang: Lang): Locale => LOCALES[lang];
