/**
 * The organisation's own payment-practice figures as it publishes them (/payment-practices): the
 * last completed reporting period and the ones before it, organisation-wide only, as the UK
 * reporting rules ask of large companies. The periods are the halves of the default entity's
 * financial year (calendar half-years unless an entities file says otherwise). No supplier-level
 * figure leaves this module.
 */
import { type CalendarDate, halfYearStart, previousHalfYear } from '../domain/dates.ts';
import { completedPeriods, type Entity } from '../domain/entity.ts';
import type { Invoice } from '../domain/invoice.ts';
import { type PaymentPracticeReport, paymentPractices } from '../domain/payment-practices.ts';
import { dataVersion } from '../persistence/data-version/data-version.ts';
import { entityDirectory } from './entities.ts';
import type { OrgSettings } from './org-settings.ts';
import { resolvedInvoices } from './reports.ts';

export const PUBLISHED_HALF_YEARS = 5;

/** The last completed reporting period first, then the earlier ones; calendar half-years without an entity's year. */
export function publishedPeriods(
  asOf: CalendarDate,
  count = PUBLISHED_HALF_YEARS,
  year?: Pick<Entity, 'financialYearStart' | 'financialYears'>,
): Array<{ from: CalendarDate; to: CalendarDate }> {
  if (year) return completedPeriods(year, asOf, count);
  const out: Array<{ from: CalendarDate; to: CalendarDate }> = [];
  let to = halfYearStart(asOf);
  for (let k = 0; k < count; k++) {
    const from = previousHalfYear(to);
    out.push({ from, to });
    to = from;
  }
  return out;
}

// A public page must not scan every invoice per visit: the figures of completed half-years change
// only when invoices are imported (or sample data comes and goes), so they are kept for a while per
// half-year and data version.
const KEEP_MS = 10 * 60_000;
let kept: { key: string; at: number; reports: PaymentPracticeReport[] } | null = null;

export async function publishedPractices(
  asOf: CalendarDate,
  org: OrgSettings,
  now = Date.now(),
  count = PUBLISHED_HALF_YEARS,
): Promise<PaymentPracticeReport[]> {
  // Stored entities change the data version, so the key covers a changed financial year too.
  const periods = publishedPeriods(asOf, count, (await entityDirectory(org)).list[0]);
  const key = `${periods[0].from}|${count}|${org.baseCurrency}|${await dataVersion()}`;
  if (kept && kept.key === key && now - kept.at < KEEP_MS) return kept.reports;
  const [oldest, end] = [periods[periods.length - 1].from, periods[0].to];
  const within = (d: CalendarDate | null | undefined) => !!d && d >= oldest && d < end;
  const relevant: Invoice[] = [];
  // Only invoices paid or due within the periods can count; the rest are not kept (a million invoices
  // would take a gigabyte).
  for await (const inv of resolvedInvoices(org)) if (within(inv.paidDate) || within(inv.dueDate)) relevant.push(inv);
  const reports = periods.map((p) => paymentPractices(relevant, p.from, p.to, org.baseCurrency, org.fx));
  kept = { key, at: now, reports };
  return reports;
}

/** Forgets the kept figures (tests, and after an import that may change them). */
export function forgetPublishedPractices(): void {
  kept = null;
}
