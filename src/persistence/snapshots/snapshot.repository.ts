import { type AgeingBuckets, addBuckets, emptyBuckets } from '../../domain/ageing';
import { addDays } from '../../domain/dates';
import type { SupplierHealth } from '../../domain/supplier-health';
import { bumpDataVersion } from '../data-version/data-version';
import { type DayTotalsDoc, DayTotalsModel, type SnapshotDoc, SnapshotModel } from './snapshot.model';

/** Upserts one snapshot per (supplier, as-of date): recomputing a day replaces that day. */
export async function saveSnapshots(healths: SupplierHealth[], computedAt = new Date()): Promise<void> {
  if (healths.length === 0) return;
  await SnapshotModel.bulkWrite(
    healths.map((h) => ({
      updateOne: {
        filter: { supplierId: h.supplierId, asOf: h.asOf },
        update: { $set: { harmScore: h.harmScore, health: h, computedAt } },
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
  const kept = new Map(
    (await DayTotalsModel.find({ _id: { $gte: from, $lte: to } }).lean<DayTotalsDoc[]>()).map((d) => [
      d._id,
      { asOf: d._id, overdue: d.overdue, ageing: d.ageing as Record<string, AgeingBuckets>, harmed: d.harmed },
    ]),
  );
  const out: DayTotals[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const known = kept.get(day);
    if (known) {
      out.push(known);
      continue;
    }
    // Equality on the first field of an index: answered without a scan.
    if (!(await SnapshotModel.exists({ asOf: day }))) continue;
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
  /** Supplier id or name, case- and accent-insensitive, anywhere in it. */
  q?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A page of one day's ranking, most harmed first, filtered in the database; with the matching count. */
export async function rankingPage(
  asOf: string,
  f: RankingFilter,
  skip: number,
  limit: number,
): Promise<{ total: number; rows: SupplierHealth[] }> {
  const q: Record<string, unknown> = { asOf };
  if (f.levels?.length) q['health.harmLevel'] = { $in: f.levels };
  if (f.sizeClass) q['health.sizeClass'] = f.sizeClass === 'unknown' ? null : f.sizeClass;
  if (f.country) q['health.country'] = f.country;
  if (f.breach) q['health.legalTermBreaches.0'] = { $exists: true };
  if (f.q) {
    const re = { $regex: escapeRegex(f.q), $options: 'i' };
    q.$or = [{ supplierId: re }, { 'health.name': re }];
  }
  const [total, docs] = await Promise.all([
    SnapshotModel.countDocuments(q),
    SnapshotModel.find(q, { health: 1 })
      .sort({ harmScore: -1, supplierId: 1 })
      .skip(skip)
      .limit(limit)
      .lean<Pick<SnapshotDoc, 'health'>[]>(),
  ]);
  return { total, rows: docs.map((d) => d.health) };
}
