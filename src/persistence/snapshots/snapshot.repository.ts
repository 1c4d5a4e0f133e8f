import { type AgeingBuckets, addBuckets, emptyBuckets } from '../../domain/ageing';
import type { SupplierHealth } from '../../domain/supplier-health';
import { bumpDataVersion } from '../data-version/data-version';
import { type SnapshotDoc, SnapshotModel } from './snapshot.model';

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
  // Pages computed from snapshots (the web app's overview) are kept per data version.
  await bumpDataVersion();
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

/** Per day with snapshots in [from, to]: overdue money per currency and the suppliers harmed high or critical. */
export async function dailyTotals(from: string, to: string): Promise<DayTotals[]> {
  const docs = await SnapshotModel.find(
    { asOf: { $gte: from, $lte: to } },
    { _id: 0, asOf: 1, 'health.overdue': 1, 'health.harmLevel': 1, 'health.ageing': 1 },
  )
    .sort({ asOf: 1 })
    .lean<Array<{ asOf: string; health: Pick<SupplierHealth, 'overdue' | 'harmLevel' | 'ageing'> }>>();
  const days = new Map<string, DayTotals>();
  for (const d of docs) {
    let day = days.get(d.asOf);
    if (!day) days.set(d.asOf, (day = { asOf: d.asOf, overdue: {}, ageing: {}, harmed: 0 }));
    for (const [c, b] of Object.entries(d.health.ageing ?? {})) addBuckets((day.ageing[c] ??= emptyBuckets()), b);
    for (const [c, v] of Object.entries(d.health.overdue ?? {})) day.overdue[c] = (day.overdue[c] ?? 0) + v;
    if (d.health.harmLevel === 'high' || d.health.harmLevel === 'critical') day.harmed++;
  }
  return [...days.values()];
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
