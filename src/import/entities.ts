/**
 * An entities file (CSV, English or Dutch headers) to entity master data, or every row's faults,
 * each naming the line, the column and why. A group has a handful of entities: the file is read
 * whole and taken all or nothing, so a fault never leaves half a group behind.
 */
import { Readable } from 'node:stream';
import { IANAZone } from 'luxon';
import { isCalendarDate } from '../domain/dates.ts';
import { ENTITY_LOCALES, type Entity, type EntityLocale, isMonthDay, UK_STATEMENTS } from '../domain/entity.ts';
import { isValidBic, isValidIban, normalizeIban } from '../domain/iban.ts';
import type { Regime } from '../domain/interest.ts';
import { normalizeHeader } from './columns.ts';
import type { RowError } from './rows.ts';
import { readCsv, sniff } from './source.ts';

const COLUMNS: Record<string, string[]> = {
  code: ['code', 'entity', 'entitycode', 'entiteit', 'administratie', 'administratiecode'],
  name: ['name', 'legalname', 'naam', 'statutairenaam'],
  country: ['country', 'land'],
  regime: ['regime', 'law', 'recht'],
  locale: ['locale', 'language', 'taal'],
  large: ['large', 'islarge', 'largecompany', 'groot', 'grooteonderneming'],
  paymentTermsDays: ['paymenttermsdays', 'paymentterms', 'betalingstermijn', 'betaaltermijn'],
  financialYearStart: ['financialyearstart', 'fystart', 'boekjaarstart', 'beginboekjaar'],
  financialYears: ['financialyears', 'irregularfinancialyears', 'afwijkendeboekjaren'],
  baseCurrency: ['basecurrency', 'currency', 'valuta'],
  timezone: ['timezone', 'tijdzone'],
  registrationNumber: ['registrationnumber', 'companynumber', 'kvknummer', 'kvk'],
  vatNumber: ['vatnumber', 'btwnummer'],
  iban: ['iban'],
  bic: ['bic'],
  ...Object.fromEntries(UK_STATEMENTS.map((s) => [s, [s.toLowerCase()]])),
};
const REQUIRED = ['code', 'name', 'country', 'regime'];
const REGIMES: Regime[] = ['NL', 'EU', 'UK'];
const YES = new Set(['true', 'yes', 'ja', '1', 'y', 'j']);
const NO = new Set(['false', 'no', 'nee', '0', 'n']);

export interface EntityDefaults {
  locale: EntityLocale;
  isLarge: boolean;
  paymentTermsDays: number;
  baseCurrency: string;
  timezone: string;
}

export type EntitiesRead = { entities: Entity[] } | { errors: RowError[] };

export async function readEntities(file: Buffer, defaults: EntityDefaults): Promise<EntitiesRead> {
  const { delimiter, looksUtf8 } = sniff(file, true);
  const records: Array<{ fields: string[]; line: number }> = [];
  for await (const batch of readCsv(Readable.from([file]), looksUtf8 ? 'utf-8' : 'windows-1252', delimiter)) records.push(...batch);
  const header = records[0].fields.map((h) => h.trim());
  const errors: RowError[] = [];
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const field = Object.keys(COLUMNS).find((f) => COLUMNS[f].includes(normalizeHeader(h)));
    if (field && !at.has(field)) at.set(field, i);
  });
  for (const f of REQUIRED)
    if (!at.has(f)) errors.push({ line: 1, column: f, value: '', reason: `the file has no ${f} column (columns: ${header.join(', ')})` });
  if (errors.length) return { errors };

  const entities: Entity[] = [];
  const lineOf = new Map<string, number>();
  for (const { fields, line } of records.slice(1)) {
    const cell = (f: string) => {
      const i = at.get(f);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const bad = (f: string, reason: string) => errors.push({ line, column: header[at.get(f) ?? -1] ?? f, value: cell(f), reason });
    for (const f of REQUIRED) if (cell(f) === '') bad(f, 'required, but empty');
    const code = cell('code');
    if (code && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/.test(code)) bad('code', 'a code is 1–20 letters, digits, dots, dashes or underscores');
    const upper = code.toUpperCase();
    if (code && lineOf.has(upper)) bad('code', `the same code as line ${lineOf.get(upper)}: each entity needs its own`);
    else if (code) lineOf.set(upper, line);
    const country = cell('country').toUpperCase();
    if (country && !/^[A-Z]{2}$/.test(country)) bad('country', 'not an ISO 3166 two-letter country code such as NL');
    const regime = cell('regime').toUpperCase() as Regime;
    if (cell('regime') && !REGIMES.includes(regime)) bad('regime', `not one of ${REGIMES.join(', ')}`);
    const locale = (cell('locale') || defaults.locale) as EntityLocale;
    if (!ENTITY_LOCALES.includes(locale)) bad('locale', `not one of ${ENTITY_LOCALES.join(', ')}`);
    const large = cell('large').toLowerCase();
    if (large && !YES.has(large) && !NO.has(large)) bad('large', 'not yes or no (true/false, ja/nee)');
    const terms = cell('paymentTermsDays');
    if (terms && (!/^\d+$/.test(terms) || Number(terms) > 365)) bad('paymentTermsDays', 'not a whole number of days from 0 to 365');
    const fyStart = cell('financialYearStart') || '01-01';
    if (!isMonthDay(fyStart)) bad('financialYearStart', 'not a day of the year as MM-DD, such as 04-01 for 1 April');
    const years: Entity['financialYears'] = [];
    for (const part of cell('financialYears')
      .split(/[;\s]+/)
      .filter(Boolean)) {
      const [from, to] = part.split('..');
      if (!isCalendarDate(from) || !isCalendarDate(to) || to <= from)
        bad('financialYears', `"${part}" is not a financial year as FIRST..LAST day, such as 2025-04-01..2026-06-30`);
      else years.push({ from, to });
    }
    const currency = (cell('baseCurrency') || defaults.baseCurrency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) bad('baseCurrency', 'not an ISO 4217 currency code such as EUR');
    const timezone = cell('timezone') || defaults.timezone;
    if (!IANAZone.isValidZone(timezone)) bad('timezone', 'not an IANA time zone such as Europe/London');
    const iban = cell('iban');
    if (iban && !isValidIban(iban)) bad('iban', 'not a valid IBAN (its check digits do not match)');
    const bic = cell('bic');
    if (bic && !isValidBic(bic)) bad('bic', 'not a BIC of 8 or 11 letters and digits');
    for (const s of UK_STATEMENTS) if (cell(s).length > 2000) bad(s, 'longer than 2,000 characters');
    if (errors.some((e) => e.line === line)) continue;
    entities.push({
      code,
      name: cell('name'),
      country,
      regime,
      locale,
      isLarge: large ? YES.has(large) : defaults.isLarge,
      paymentTermsDays: terms ? Number(terms) : defaults.paymentTermsDays,
      financialYearStart: fyStart,
      financialYears: years,
      baseCurrency: currency,
      timezone,
      registrationNumber: cell('registrationNumber') || null,
      vatNumber: cell('vatNumber').replace(/\s/g, '').toUpperCase() || null,
      iban: iban ? normalizeIban(iban) : null,
      bic: bic ? bic.toUpperCase() : null,
      statements: Object.fromEntries(UK_STATEMENTS.filter((s) => cell(s)).map((s) => [s, cell(s)])),
    });
  }
  if (records.length < 2) errors.push({ line: 1, column: '', value: '', reason: 'the file has column names but no rows' });
  return errors.length ? { errors } : { entities };
}
