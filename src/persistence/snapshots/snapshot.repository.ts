import type { SupplierHealth } from '../../domain/supplier-health';
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
