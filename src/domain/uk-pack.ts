/**
 * The UK submission pack: every item of the government's payment-practices report for one entity
 * and reporting period, in the report's order, each with its value or why it has none. The figures
 * come from the same payment-practice statistics as every other report (payment-practices.ts); the
 * statements are the entity's settings, printed as they are.
 *
 * Items follow the Reporting on Payment Practices and Performance Regulations 2017 (SI 2017/395) as
 * amended: the values paid within each band and outside terms for financial years beginning on or
 * after 1 January 2025; retention clauses for financial years beginning on or after 1 April 2025.
 */
import type { CalendarDate } from './dates.ts';
import { addDays } from './dates.ts';
import type { Entity, Period, UkStatement } from './entity.ts';
import type { Invoice } from './invoice.ts';
import { type FxTable, formatMinor, toBase } from './money.ts';
import { paymentPractices } from './payment-practices.ts';

export const VALUES_FROM = '2025-01-01';
export const RETENTION_FROM = '2025-04-01';

export type PackSection = 'business' | 'statistics' | 'terms' | 'policies';

export interface PackItem {
  key: string;
  section: PackSection;
  /** What the report asks, in its words. */
  question: string;
  /** As it goes into the form: a number, a percentage, yes/no or text; null when there is none. */
  answer: string | null;
  /** Why there is no answer (or what the answer rests on). */
  note: string | null;
}

export interface UkPack {
  entity: { code: string; name: string; registrationNumber: string | null };
  financialYear: { from: CalendarDate; to: CalendarDate };
  period: { from: CalendarDate; to: CalendarDate };
  currency: string;
  items: PackItem[];
  /** Currencies of invoices the FX table could not convert: counted by number, not by value. */
  unconvertedCurrencies: string[];
}

/** A share as the form takes it: a percentage with at most one decimal. */
const percent = (x: number | null) => (x === null ? null : `${Math.round(x * 1000) / 10}`);

const STATEMENT_QUESTIONS: Record<UkStatement, { section: PackSection; question: string }> = {
  standardPaymentTerms: { section: 'terms', question: 'Your standard payment terms, including the standard payment period' },
  maximumPaymentTerms: { section: 'terms', question: 'The maximum contractual payment period' },
  paymentTermsChanges: { section: 'terms', question: 'Any changes to your standard payment terms during the reporting period' },
  suppliersNotifiedOfChanges: { section: 'terms', question: 'Whether suppliers were notified of or consulted on those changes' },
  disputeResolution: { section: 'policies', question: 'Your process for resolving disputes related to payment' },
  eInvoicing: { section: 'policies', question: 'Whether you offer e-invoicing' },
  supplyChainFinance: { section: 'policies', question: 'Whether you offer supply chain finance' },
  deductionsFromPayments: {
    section: 'policies',
    question:
      'Whether your policies cover deducting sums from payments as a charge for remaining on a supplier list, and whether you did so in the period',
  },
  paymentCode: { section: 'policies', question: 'Whether you are a signatory of a payment code or standard, and which' },
  retentionClauses: {
    section: 'policies',
    question: 'Whether your construction contracts contain retention clauses, and your retention practices and performance',
  },
};

export function ukPack(entity: Entity, financialYear: Period, period: Period, invoices: Invoice[], fx?: FxTable): UkPack {
  const s = paymentPractices(invoices, period.from, period.to, entity.baseCurrency, fx);
  const withValues = financialYear.from >= VALUES_FROM;
  const items: PackItem[] = [];
  const add = (key: string, section: PackSection, question: string, answer: string | null, note: string | null = null) =>
    items.push({ key, section, question, answer, note });
  const noPayments = s.paymentsMade === 0 ? 'no payments were made in the reporting period' : null;
  const noneDue = s.paymentsDue === 0 ? 'no payments fell due in the reporting period' : null;
  const valuesNote = withValues ? null : 'asked for financial years beginning on or after 1 January 2025 only';

  add('companyName', 'business', 'Company or LLP name', entity.name);
  add(
    'companyNumber',
    'business',
    'Company number',
    entity.registrationNumber,
    entity.registrationNumber ? null : 'not set: add registrationNumber to the entities file',
  );
  add('financialYearStart', 'business', 'Start date of the financial year', financialYear.from);
  add('financialYearEnd', 'business', 'End date of the financial year', addDays(financialYear.to, -1));
  add('periodStart', 'business', 'Start date of the reporting period', period.from);
  add('periodEnd', 'business', 'End date of the reporting period', addDays(period.to, -1));

  add(
    'averageDaysToPay',
    'statistics',
    'Average number of days taken to make payments in the reporting period',
    s.meanDaysToPay === null ? null : String(Math.round(s.meanDaysToPay)),
    noPayments ?? `from invoice received to paid, mean of ${s.paymentsMade} payments (${s.meanDaysToPay}), rounded to whole days`,
  );
  add('paidWithin30', 'statistics', 'Percentage of payments made within 30 days', percent(s.within30.count), noPayments);
  add('paid31to60', 'statistics', 'Percentage of payments made between 31 and 60 days', percent(s.days31to60.count), noPayments);
  add('paidOver60', 'statistics', 'Percentage of payments made in 61 days or more', percent(s.over60.count), noPayments);
  const made = invoices.filter((i) => i.paidDate && i.paidDate >= period.from && i.paidDate < period.to && i.amount > 0);
  let total = 0;
  for (const i of made) total += toBase(i.amount, i.currency, entity.baseCurrency, fx) ?? 0;
  add(
    'valuePaid',
    'statistics',
    'Total value of payments made in the reporting period',
    withValues ? formatMinor(total, entity.baseCurrency) : null,
    valuesNote ?? `in ${entity.baseCurrency}`,
  );
  add(
    'valueWithin30',
    'statistics',
    'Percentage of the value of payments made within 30 days',
    withValues ? percent(s.within30.value) : null,
    valuesNote ?? noPayments,
  );
  add(
    'value31to60',
    'statistics',
    'Percentage of the value of payments made between 31 and 60 days',
    withValues ? percent(s.days31to60.value) : null,
    valuesNote ?? noPayments,
  );
  add(
    'valueOver60',
    'statistics',
    'Percentage of the value of payments made in 61 days or more',
    withValues ? percent(s.over60.value) : null,
    valuesNote ?? noPayments,
  );
  add(
    'notWithinTerms',
    'statistics',
    'Percentage of payments due in the reporting period that were not paid within the agreed terms',
    percent(s.notWithinTerms.count),
    noneDue,
  );
  add(
    'valueNotWithinTerms',
    'statistics',
    'Percentage of the value of payments due in the reporting period that were not paid within the agreed terms',
    withValues ? percent(s.notWithinTerms.value) : null,
    valuesNote ?? noneDue,
  );
  add(
    'lateDueToDispute',
    'statistics',
    'Percentage of payments not paid within the agreed terms because of a dispute',
    percent(s.disputedShareOfLate),
    noneDue ?? (s.disputedShareOfLate === null ? 'no payment due in the period was late' : null),
  );

  for (const key of Object.keys(STATEMENT_QUESTIONS) as UkStatement[]) {
    const { section, question } = STATEMENT_QUESTIONS[key];
    if (key === 'retentionClauses' && financialYear.from < RETENTION_FROM) {
      add(key, section, question, null, 'asked for financial years beginning on or after 1 April 2025 only');
      continue;
    }
    const text = entity.statements[key] ?? null;
    add(key, section, question, text, text ? null : `not set: add ${key} to the entities file`);
  }

  return {
    entity: { code: entity.code, name: entity.name, registrationNumber: entity.registrationNumber },
    financialYear: { from: financialYear.from, to: addDays(financialYear.to, -1) },
    period: { from: period.from, to: addDays(period.to, -1) },
    currency: entity.baseCurrency,
    items,
    unconvertedCurrencies: s.unconvertedCurrencies,
  };
}
