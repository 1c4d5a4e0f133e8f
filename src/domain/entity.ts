/**
 * A legal entity of a group: its own books, law, payment terms and financial year. Invoices belong to
 * one entity each (none named: the default entity, made from the organisation's settings), and each
 * invoice's interest, compensation and legal terms follow its entity's law.
 */
import { addDays, addMonths, type CalendarDate, isCalendarDate } from './dates.ts';
import type { Regime } from './interest.ts';
import type { RateTable } from './rates/rate-table.ts';
import type { OrgProfile } from './supplier.ts';

export const ENTITY_LOCALES = ['nl', 'en-GB', 'en-US'] as const;
export type EntityLocale = (typeof ENTITY_LOCALES)[number];

/**
 * The narrative part of the UK payment-practices report, kept as entity settings and printed in the
 * submission pack as they are (the regulations' items of "payment practices and policies").
 */
export const UK_STATEMENTS = [
  'standardPaymentTerms',
  'maximumPaymentTerms',
  'paymentTermsChanges',
  'suppliersNotifiedOfChanges',
  'disputeResolution',
  'eInvoicing',
  'supplyChainFinance',
  'deductionsFromPayments',
  'paymentCode',
  'retentionClauses',
] as const;
export type UkStatement = (typeof UK_STATEMENTS)[number];

export interface Entity {
  /** Short code, as invoice files name it (`Entity`, `Entiteit`, `Administratie`). */
  code: string;
  name: string;
  /** ISO 3166 alpha-2. */
  country: string;
  regime: Regime;
  locale: EntityLocale;
  isLarge: boolean;
  paymentTermsDays: number;
  /** MM-DD: the day each financial year starts. */
  financialYearStart: string;
  /** Financial years that are not twelve months long (a changed year end), inclusive dates. */
  financialYears: Array<{ from: CalendarDate; to: CalendarDate }>;
  baseCurrency: string;
  timezone: string;
  registrationNumber: string | null;
  vatNumber: string | null;
  /** The account the entity pays its suppliers from. */
  iban: string | null;
  bic: string | null;
  statements: Partial<Record<UkStatement, string>>;
}

/** What an entity's invoices are computed under. */
export interface EntityLaw {
  code: string;
  regime: Regime;
  rates: RateTable;
  profile: OrgProfile;
}

/** Every entity's law, by code; invoices without an entity fall under `fallback`. */
export interface Laws {
  fallback: EntityLaw;
  byCode: ReadonlyMap<string, EntityLaw>;
}

export const lawOf = (laws: Laws, entity: string | null | undefined): EntityLaw =>
  (entity ? laws.byCode.get(entity) : undefined) ?? laws.fallback;

/**
 * The regime and reference rates an invoice is computed under: its entity's in a group (`laws`),
 * else `own`, the organisation's.
 */
export const lawFor = (
  laws: Laws | undefined,
  entity: string | null | undefined,
  own: Pick<EntityLaw, 'regime' | 'rates'>,
): Pick<EntityLaw, 'regime' | 'rates'> => (laws ? lawOf(laws, entity) : own);

/** The code an invoice belongs to. */
export const entityOf = (laws: Laws, entity: string | null | undefined): string => lawOf(laws, entity).code;

/** Whether a text is a financial-year start MM-DD (29 February is refused: most years lack it). */
export function isMonthDay(s: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(s);
  return !!m && s !== '02-29' && isCalendarDate(`2001-${s}`);
}

export interface Period {
  from: CalendarDate;
  /** Exclusive. */
  to: CalendarDate;
}

/** The financial year a date falls in: a listed irregular year, else the one starting on MM-DD. */
export function financialYearOf(e: Pick<Entity, 'financialYearStart' | 'financialYears'>, d: CalendarDate): Period {
  for (const y of e.financialYears) if (d >= y.from && d <= y.to) return { from: y.from, to: addDays(y.to, 1) };
  const year = Number(d.slice(0, 4));
  const thisYear = `${String(year).padStart(4, '0')}-${e.financialYearStart}`;
  const from = d >= thisYear ? thisYear : `${String(year - 1).padStart(4, '0')}-${e.financialYearStart}`;
  return { from, to: addMonths(from, 12) };
}

/**
 * The reporting periods of a financial year, as the UK regulations (SI 2017/395, reg. 2) set them:
 * a year of nine months or less is one period; up to fifteen months, the first six months and the
 * rest; longer, the first six months, the next six, and the rest.
 */
export function reportingPeriods(fy: Period): Period[] {
  const six = addMonths(fy.from, 6);
  if (fy.to <= addMonths(fy.from, 9)) return [fy];
  if (fy.to <= addMonths(fy.from, 15))
    return [
      { from: fy.from, to: six },
      { from: six, to: fy.to },
    ];
  const twelve = addMonths(fy.from, 12);
  return [
    { from: fy.from, to: six },
    { from: six, to: twelve },
    { from: twelve, to: fy.to },
  ];
}

/** The reporting period of an entity's financial year that starts on a date, or the starts there are. */
export function reportingPeriodStartingOn(
  e: Pick<Entity, 'financialYearStart' | 'financialYears'>,
  start: CalendarDate,
): { period: Period; financialYear: Period } | { starts: CalendarDate[] } {
  const financialYear = financialYearOf(e, start);
  const periods = reportingPeriods(financialYear);
  const period = periods.find((p) => p.from === start);
  return period ? { period, financialYear } : { starts: periods.map((p) => p.from) };
}

/** The last reporting periods completed by a date, latest first. */
export function completedPeriods(e: Pick<Entity, 'financialYearStart' | 'financialYears'>, asOf: CalendarDate, count: number): Period[] {
  const out: Period[] = [];
  let fy = financialYearOf(e, asOf);
  while (out.length < count) {
    const done = reportingPeriods(fy)
      .filter((p) => p.to <= asOf)
      .reverse();
    out.push(...done);
    fy = financialYearOf(e, addDays(fy.from, -1));
  }
  return out.slice(0, count);
}
