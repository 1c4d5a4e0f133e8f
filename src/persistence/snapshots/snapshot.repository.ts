import { type AgeingBuckets, addBuckets, emptyBuckets } from '../../domain/ageing.ts';
import { addDays } from '../../domain/dates.ts';
import type { SupplierHealth } from '../../domain/supplier-health.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { escapeRegex } from '../escape-regex.ts';
import { type DayTotalsDoc, DayTotalsModel, type SnapshotDoc, SnapshotModel } from './snapshot.model.ts';

/** Upserts one snapshot per (supplier, as-of date): recomputing a day replaces that day. */
export async function saveSnapshots(healths: SupplierHealth[], computedAt = new Date()): Promise<void> {
  if (healths.length === 0) return;
  await SnapshotModel.bulkWrite(
    healths.map((h) => ({
      updateOne: {
        filter: { supplierId: h.supplierId, asOf: h.asOf },
        update: {
          $set: {
            harmScore: h.harmScore,
            // The ranking's other sorts and its search, as top-level fields its indexes can hold.
            overdueBase: h.overdueBase ?? 0,
            maxDaysOverdue: h.maxDaysOverdue,
            nameKey: fold(h.name),
            searchKey: fold(`${h.supplierId} ${h.name}`),
            health: h,
            computedAt,
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  // What was kept from these days' snapshots is stale now: the day totals, and pages kept per data version.
  await DayTotalsModel.deleteMany({ _id: { $in: [...new Set(healths.map((h) => h.asOf))] } });
  await bumpDataVersion();
}

/**
 * Each supplier's harm score in its latest snapshot before `asOf` (looking back at most 7 days:
 * daily recomputes make that yesterday's, and a longer look-back would read weeks of snapshots per batch),
 * for the "harm rising" alert. Suppliers without one are absent.
 */
export async function previousScores(supplierIds: string[], asOf: string): Promise<Map<string, number>> {
  const docs = await SnapshotModel.find(
    { supplierId: { $in: supplierIds }, asOf: { $lt: asOf, $gte: addDays(asOf, -7) } },
    { _id: 0, supplierId: 1, asOf: 1, harmScore: 1 },
  ).lean<Array<{ supplierId: string; asOf: string; harmScore: number }>>();
  const latest = new Map<string, { asOf: string; harmScore: number }>();
  for (const d of docs) {
    const seen = latest.get(d.supplierId);
    if (!seen || seen.asOf < d.asOf) latest.set(d.supplierId, d);
  }
  return new Map([...latest].map(([id, d]) => [id, d.harmScore]));
}

/** The newest as-of date that has snapshots, or null. */
export async function latestAsOf(): Promise<string | null> {
  const doc = await SnapshotModel.findOne({}, { asOf: 1 }).sort({ asOf: -1 }).lean();
  return doc?.asOf ?? null;
}

/** All snapshots of a day, most harmed first (ties by supplier id, so output is stable). */
export async function snapshotsOf(asOf: string): Promise<SupplierHealth[]> {
  const docs = await SnapshotModel.find({ asOf }, { health: 1 })
    .sort({ harmScore: -1, supplierId: 1 })
    .lean<Pick<SnapshotDoc, 'health'>[]>();
  return docs.map((d) => d.health);
}

export async function snapshotOf(supplierId: string, asOf: string): Promise<SupplierHealth | null> {
  const doc = await SnapshotModel.findOne({ supplierId, asOf }, { health: 1 }).lean<Pick<SnapshotDoc, 'health'>>();
  return doc?.health ?? null;
}

export interface DayTotals {
  asOf: string;
  overdue: Record<string, number>;
  /** The organisation's ageing buckets per currency (for its DBT). */
  ageing: Record<string, AgeingBuckets>;
  /** Suppliers at harm level high or critical. */
  harmed: number;
}

/** A day's totals from its suppliers' figures (all of that day). */
export function dayTotalsOf(asOf: string, healths: Array<Pick<SupplierHealth, 'overdue' | 'harmLevel' | 'ageing'>>): DayTotals {
  const day: DayTotals = { asOf, overdue: {}, ageing: {}, harmed: 0 };
  for (const h of healths) {
    for (const [c, b] of Object.entries(h.ageing ?? {})) addBuckets((day.ageing[c] ??= emptyBuckets()), b);
    for (const [c, v] of Object.entries(h.overdue ?? {})) day.overdue[c] = (day.overdue[c] ?? 0) + v;
    if (h.harmLevel === 'high' || h.harmLevel === 'critical') day.harmed++;
  }
  return day;
}

async function computeDay(asOf: string): Promise<DayTotals> {
  const docs = await SnapshotModel.find({ asOf }, { _id: 0, 'health.overdue': 1, 'health.harmLevel': 1, 'health.ageing': 1 }).lean<
    Array<{ health: Pick<SupplierHealth, 'overdue' | 'harmLevel' | 'ageing'> }>
  >();
  return dayTotalsOf(
    asOf,
    docs.map((d) => d.health),
  );
}

/**
 * Per day with snapshots in [from, to]: overdue money and ageing per currency, and the suppliers
 * harmed high or critical. Meant for past days: their totals are kept once computed (and dropped
 * when that day's snapshots are saved again). Today, still changing with every import, is the
 * caller's to compute from the figures it has (dayTotalsOf).
 */
export async function dailyTotals(from: string, to: string): Promise<DayTotals[]> {
  const kept = new Map((await DayTotalsModel.find({ _id: { $gte: from, $lte: to } }).lean<DayTotalsDoc[]>()).map((d) => [d._id, d]));
  const out: DayTotals[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const known = kept.get(day);
    if (known) {
      if (!known.none)
        out.push({ asOf: day, overdue: known.overdue, ageing: known.ageing as Record<string, AgeingBuckets>, harmed: known.harmed });
      continue;
    }
    // Equality on the first field of an index: answered without a scan. A day without snapshots is
    // kept as such too, so the next overview asks no more than one query for the whole month.
    if (!(await SnapshotModel.exists({ asOf: day }))) {
      await DayTotalsModel.updateOne({ _id: day }, { $set: { none: true } }, { upsert: true });
      continue;
    }
    const totals = await computeDay(day);
    await DayTotalsModel.updateOne(
      { _id: day },
      { $set: { overdue: totals.overdue, ageing: totals.ageing, harmed: totals.harmed } },
      { upsert: true },
    );
    out.push(totals);
  }
  return out;
}

/** One supplier's snapshots in [from, to], oldest first (its trend). */
export async function supplierTrend(supplierId: string, from: string, to: string): Promise<SupplierHealth[]> {
  const docs = await SnapshotModel.find({ supplierId, asOf: { $gte: from, $lte: to } }, { health: 1 })
    .sort({ asOf: 1 })
    .lean<Pick<SnapshotDoc, 'health'>[]>();
  return docs.map((d) => d.health);
}

export interface RankingFilter {
  levels?: string[];
  sizeClass?: string;
  country?: string;
  breach?: boolean;
  /** At least this harm score. */
  minScore?: number;
  /** Supplier id or name, case- and accent-insensitive, anywhere in it. */
  q?: string;
  /** Suppliers with invoices of this entity (its code as stored). */
  entity?: string;
  /** The entity is the default one: suppliers computed before there were entities are its. */
  entityIsDefault?: boolean;
}

export const RANKING_SORTS = ['harm', 'overdue', 'maxDaysOverdue', 'name'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

/**
 * Each sort, with the index that serves it (snapshot.model.ts): all are one day's snapshots (asOf
 * first) in that order, ties by supplier id so pages are stable. Filters narrow the same index scan.
 */
const SORT: Record<RankingSort, Record<string, 1 | -1>> = {
  harm: { harmScore: -1, supplierId: 1 }, // { asOf: 1, harmScore: -1 }
  overdue: { overdueBase: -1, supplierId: 1 }, // { asOf: 1, overdueBase: -1 }
  maxDaysOverdue: { maxDaysOverdue: -1, supplierId: 1 }, // { asOf: 1, maxDaysOverdue: -1 }
  name: { nameKey: 1, supplierId: 1 }, // { asOf: 1, nameKey: 1 }
};

/** Lower case without accents: "Café Müller" and "cafe muller" compare equal. */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One day's snapshots matching a filter. */
function rankingQuery(asOf: string, f: RankingFilter): Record<string, unknown> {
  const q: Record<string, unknown> = { asOf };
  if (f.levels?.length) q['health.harmLevel'] = { $in: f.levels };
  if (f.sizeClass) q['health.sizeClass'] = f.sizeClass === 'unknown' ? null : f.sizeClass;
  if (f.country) q['health.country'] = f.country;
  if (f.breach) q['health.legalTermBreaches.0'] = { $exists: true };
  if (f.minScore !== undefined) q.harmScore = { $gte: f.minScore };
  if (f.q) q.searchKey = { $regex: escapeRegex(fold(f.q)) };
  if (f.entity && f.entityIsDefault) q.$or = [{ 'health.entities': f.entity }, { 'health.entities': { $exists: false } }];
  else if (f.entity) q['health.entities'] = f.entity;
  return q;
}

/** The supplier ids of one day's ranking, filtered and in order (what a paged list pins). */
export async function rankingIds(asOf: string, f: RankingFilter, sort: RankingSort): Promise<string[]> {
  const docs = await SnapshotModel.collection
    .find(rankingQuery(asOf, f), { projection: { _id: 0, supplierId: 1 }, sort: SORT[sort] })
    .toArray();
  return docs.map((d) => d.supplierId as string);
}

/** These suppliers' snapshots of a day, in the order of `ids` (missing ones left out). */
export async function snapshotsFor(ids: string[], asOf: string): Promise<SupplierHealth[]> {
  const docs = await SnapshotModel.collection
    .find({ supplierId: { $in: ids }, asOf }, { projection: { _id: 0, supplierId: 1, health: 1 } })
    .toArray();
  const by = new Map(docs.map((d) => [d.supplierId as string, d.health as SupplierHealth]));
  return ids.flatMap((id) => by.get(id) ?? []);
}

/** Whether a day has any snapshots (equality on the first field of an index). */
export async function hasSnapshots(asOf: string): Promise<boolean> {
  return !!(await SnapshotModel.exists({ asOf }));
}
