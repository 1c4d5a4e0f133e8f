import { bumpDataVersion } from '../data-version/data-version.ts';
import { type SupplierDoc, SupplierModel } from './supplier.model.ts';

const PLAIN = { _id: 0, createdAt: 0, updatedAt: 0 } as const;

export async function allSupplierIds(): Promise<string[]> {
  const docs = await SupplierModel.find({}, { supplierId: 1, _id: 0 }).sort({ supplierId: 1 }).lean();
  return docs.map((d) => d.supplierId);
}

/** Every supplier's master data (a payment run weighs them all). */
export async function allSuppliers(): Promise<SupplierDoc[]> {
  return SupplierModel.find({}, PLAIN).lean<SupplierDoc[]>();
}

export async function suppliersByIds(ids: string[]): Promise<SupplierDoc[]> {
  return SupplierModel.find({ supplierId: { $in: ids } }, PLAIN).lean<SupplierDoc[]>();
}

export async function findSupplier(supplierId: string): Promise<SupplierDoc | null> {
  return SupplierModel.findOne({ supplierId }, PLAIN).lean<SupplierDoc>();
}

/**
 * Creates a placeholder for each supplier id not in the master data yet, marked "master data missing".
 * Through the driver's collection: the values are plain validated strings, and mongoose's per-op
 * casting cost a second per 10,000 suppliers.
 */
export async function ensureSuppliers(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const now = new Date();
  await SupplierModel.collection.bulkWrite(
    [...new Set(ids)].map((supplierId) => ({
      updateOne: {
        filter: { supplierId },
        update: { $setOnInsert: { supplierId, name: supplierId, masterDataMissing: true, createdAt: now, updatedAt: now } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
}

export async function upsertSuppliers(
  rows: Array<{ supplierId: string; set: Record<string, unknown>; unset: string[] }>,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const r = await SupplierModel.bulkWrite(
    rows.map((row) => ({
      updateOne: {
        filter: { supplierId: row.supplierId },
        update: { $set: row.set, $unset: { masterDataMissing: '', ...Object.fromEntries(row.unset.map((f) => [f, ''])) } },
        upsert: true,
      },
    })),
    { ordered: false, timestamps: false },
  );
  await bumpDataVersion();
  return { inserted: r.upsertedCount, updated: r.modifiedCount, unchanged: r.matchedCount - r.modifiedCount };
}
