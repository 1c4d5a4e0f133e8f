/**
 * What the overview shows of a day: the ageing totals, the suppliers per harm level, the day's line
 * of the trend and the last published period's payment practices. For the group they are kept per
 * data version (a worker keeps them after every recompute run, see workers/recompute.processor.ts),
 * because computing them reads every supplier's snapshot and every invoice: a person opening the
 * overview after an import should not wait for that.
 */
import { addDays, type CalendarDate } from '../domain/dates.ts';
import { completedPeriods, type Entity } from '../domain/entity.ts';
import type { HarmLevel } from '../domain/harm.ts';
import type { PaymentPracticeReport } from '../domain/payment-practices.ts';
import { entityView, type SupplierHealth } from '../domain/supplier-health.ts';
import { dataVersion } from '../persistence/data-version/data-version.ts';
import { keepFigures, keptFigures } from '../persistence/group-figures/group-figures.ts';
import { type DayTotals, dailyTotals, dayTotalsOf } from '../persistence/snapshots/snapshot.repository.ts';
import type { OrgSettings } from './org-settings.ts';
import { publishedPractices } from './published-practices.ts';
import { type AgeingTotals, ageingTotalsOf, harmRanking, paymentPracticesReport } from './reports.ts';

export interface DayFigures {
  ageing: AgeingTotals;
  levels: Record<HarmLevel, number>;
  /** The day's line of the overview's trend. */
  day: DayTotals;
  practices: PaymentPracticeReport | null;
}

export function dayFiguresOf(all: SupplierHealth[], asOf: CalendarDate, practices: PaymentPracticeReport | null): DayFigures {
  const levels: Record<HarmLevel, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const h of all) levels[h.harmLevel]++;
  return { ageing: ageingTotalsOf(all, asOf), levels, day: dayTotalsOf(asOf, all), practices };
}

/**
 * One entity's part of a day's figures (not kept: a group's entities are few and seldom asked for),
 * with the payment practices of the entity's own last reporting period.
 */
export async function entityFigures(asOf: CalendarDate, entity: Entity, defaultCode: string, org: OrgSettings): Promise<DayFigures> {
  const lastPeriod = completedPeriods(entity, asOf, 1)[0];
  const [all, practices] = await Promise.all([
    harmRanking(asOf).then((group) => group.flatMap((h) => entityView(h, entity.code, defaultCode) ?? [])),
    lastPeriod
      ? paymentPracticesReport(lastPeriod.from, lastPeriod.to, org, entity.code).then((p) => [p.organisation])
      : publishedPractices(asOf, org),
  ]);
  return dayFiguresOf(all, asOf, practices[0] ?? null);
}

// The practices are in the base currency: an organisation that changes it gets figures of its own.
const keyOf = (asOf: CalendarDate, org: OrgSettings) => `${asOf}|${org.baseCurrency}`;

/** The group's figures of a day, kept or computed (and then kept). Throws not_computed without snapshots. */
export async function groupFigures(asOf: CalendarDate, org: OrgSettings): Promise<DayFigures> {
  // Read before computing: a write meanwhile leaves them tagged with the older version, so not reused.
  const version = await dataVersion();
  return (await keptFigures<DayFigures>(keyOf(asOf, org), version)) ?? computeAndKeep(asOf, org, version);
}

/**
 * Computes and keeps the group's figures of a day, and the trend's past days if not kept yet (the
 * first run of a day finds yesterday's): the job a recompute run queues when its batches are done.
 */
export async function keepGroupFigures(asOf: CalendarDate, org: OrgSettings): Promise<DayFigures> {
  const [figures] = await Promise.all([computeAndKeep(asOf, org, await dataVersion()), pastTrend(asOf)]);
  return figures;
}

const TREND_DAYS = 30;

/** The overview trend's days before `asOf` (each day's totals are kept once computed). */
export function pastTrend(asOf: CalendarDate): Promise<DayTotals[]> {
  return dailyTotals(addDays(asOf, -TREND_DAYS), addDays(asOf, -1));
}

async function computeAndKeep(asOf: CalendarDate, org: OrgSettings, version: number): Promise<DayFigures> {
  // Only the last published period is shown: its invoices are all that are read into memory.
  const [all, published] = await Promise.all([harmRanking(asOf), publishedPractices(asOf, org, Date.now(), 1)]);
  const figures = dayFiguresOf(all, asOf, published[0] ?? null);
  await keepFigures(keyOf(asOf, org), version, figures);
  return figures;
}
