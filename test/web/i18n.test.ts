/** The message catalogues and the way each language writes money, dates and rates. */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.ts';
import { LANGS, localeOf } from '../../src/web/i18n/locale.ts';
import { nl } from '../../src/web/i18n/nl.ts';

/** Every key path of a catalogue, with the kind of value (text, or a function of n parameters). */
function shape(o: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    const key = `${prefix}${k}`;
    if (typeof v === 'function') out.set(key, `function/${v.length}`);
    else if (v && typeof v === 'object') for (const [kk, vv] of shape(v as Record<string, unknown>, `${key}.`)) out.set(kk, vv);
    else out.set(key, typeof v);
  }
  return out;
}

describe('message catalogues', () => {
  it('have the same keys, with the same number of parameters, in Dutch and English', () => {
    const e = shape(en);
    const n = shape(nl);
    expect([...e.keys()].filter((k) => !n.has(k))).toEqual([]);
    expect([...n.keys()].filter((k) => !e.has(k))).toEqual([]);
    for (const [k, kind] of e) expect(n.get(k), k).toBe(kind);
  });

  it('have no empty or untranslated text (the Dutch differs from the English wherever words are involved)', () => {
    const e = shape(en);
    const same: string[] = [];
    const walk = (a: Record<string, unknown>, b: Record<string, unknown>, p: string) => {
      for (const k of Object.keys(a)) {
        const [x, y] = [a[k], b[k]];
        if (typeof x === 'string') {
          expect(x.trim(), `${p}${k}`).not.toBe('');
          if (
            x === y &&
            /[a-z]{4,}/.test(x) &&
            ![
              'layout.brand',
              'lang.switchLabel',
              'status.colStatus',
              'lookup.state',
              // The same word in both languages.
              'app.nav.imports',
              'app.sizes.micro',
              'app.supplier.email',
              'app.imports.title',
              'app.imports.colStatus',
              'app.admin.colEmail',
              'runs.budget',
              'runs.rowBudget',
            ].includes(`${p}${k}`)
          )
            same.push(`${p}${k}`);
        } else if (x && typeof x === 'object') walk(x as Record<string, unknown>, y as Record<string, unknown>, `${p}${k}.`);
      }
    };
    walk(en, nl as unknown as Record<string, unknown>, '');
    expect(same).toEqual([]);
    expect(e.size).toBeGreaterThan(100);
  });
});

describe("the import's reasons for refusing a row", () => {
  it('are said in Dutch on Dutch pages, and left as they are where a sentence is not known', () => {
    const r = nl.app.imports.rowReason;
    expect(r('no such date')).toBe('deze datum bestaat niet');
    expect(r('not an amount (decimal mark read as ",")')).toBe('geen bedrag (decimaalteken gelezen als ",")');
    expect(r('month 13 does not exist (this column is read as day-month-year)')).toBe(
      'maand 13 bestaat niet (deze kolom wordt gelezen als dag-maand-jaar)',
    );
    expect(r('the same supplier and invoice number appears on lines 6, 7; none of them is imported')).toBe(
      'dezelfde leverancier en hetzelfde factuurnummer staat op regel 6, 7; geen van die regels is geïmporteerd',
    );
    expect(r('cbc:ID (the invoice number) is missing')).toBe('cbc:ID (the invoice number) is missing');
    expect(en.app.imports.rowReason('no such date')).toBe('no such date');
  });
});

describe('money, dates and rates per language', () => {
  const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');
  it.each([
    ['nl', 123456, 'EUR', '€ 1.234,56'],
    ['en', 123456, 'EUR', '€1,234.56'],
    ['nl', -300000, 'EUR', '€ -3.000,00'],
    ['en', 500, 'JPY', 'JP¥500'],
    ['nl', 1234567, 'KWD', 'KWD 1.234,567'],
    // The largest safe amount: as a float of euros (9007199254740.91) it would not be exact.
    ['nl', 900719925474091, 'EUR', '€ 9.007.199.254.740,91'],
  ])('%s writes %d minor units of %s as %s', (lang, minor, currency, expected) => {
    expect(nbsp(localeOf(lang as 'nl' | 'en').money(minor, currency))).toBe(expected);
  });

  it('writes dates and rates the local way', () => {
    expect(localeOf('nl').date('2025-01-03')).toBe('3 januari 2025');
    expect(localeOf('en').date('2025-01-03')).toBe('3 January 2025');
    expect(localeOf('nl').shortDate('2025-03-03')).toBe('3 mrt 2025');
    expect(localeOf('nl').rate(1015)).toBe('10,15%');
    expect(localeOf('en').rate(1225)).toBe('12.25%');
    expect(nbsp(localeOf('nl').totals({ USD: 300, EUR: 1250 }))).toBe('€ 12,50 + US$ 3,00');
    expect(LANGS).toEqual(['nl', 'en']);
  });
});
