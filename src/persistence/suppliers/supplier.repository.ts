import { isDeepStrictEqual } from 'node:util';
import type { KnownSupplier, NewSupplier } from '../../import/supplier-keys.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { type SupplierDoc, SupplierModel } from './supplier.model.ts';

const PLAIN = { _id: 0, createdAt: 0, updatedAt: 0 } as const;

/** Whether any supplier is known (an empty installation has none). */
export const hasSuppliers = async (): Promise<boolean> => (await SupplierModel.exists({})) !== null;

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

type StoredSupplier = Record<string, unknown> & { supplierId: string; importId?: string; lastImportId?: string };

/**
 * Upserts supplier rows, classifying each from what is stored, as invoices are (see upsertInvoices):
 * new (inserted, stamped `importId`), different (updated, stamped `lastImportId`) or the same
 * (unchanged, not written). A supplier this import inserted or changed counts the same again when its
 * batch is written a second time, after a worker died between writing and recording it. A placeholder
 * made from an invoice (masterDataMissing) counts as updated when its master data arrives.
 */
export async function upsertSuppliers(
  rows: Array<{ supplierId: string; set: Record<string, unknown>; unset: string[] }>,
  importId: string,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const found = (await SupplierModel.collection
    .find({ supplierId: { $in: rows.map((r) => r.supplierId) } }, { projection: { _id: 0, createdAt: 0, updatedAt: 0 } })
    .toArray()) as unknown as StoredSupplier[];
  const stored = new Map(found.map((d) => [d.supplierId, d]));
  const writes = [];
  for (const row of rows) {
    const before = stored.get(row.supplierId);
    const unset = { masterDataMissing: '', ...Object.fromEntries(row.unset.map((f) => [f, ''])) };
    if (!before) {
      counts.inserted++;
      writes.push({
        updateOne: { filter: { supplierId: row.supplierId }, update: { $set: row.set, $setOnInsert: { importId } }, upsert: true },
      });
      continue;
    }
    const changed =
      Object.entries(row.set).some(([k, v]) => !isDeepStrictEqual(before[k], v)) || Object.keys(unset).some((k) => k in before);
    if (before.importId === importId) counts.inserted++;
    else if (changed || before.lastImportId === importId) counts.updated++;
    else counts.unchanged++;
    if (changed)
      writes.push({
        updateOne: { filter: { supplierId: row.supplierId }, update: { $set: { ...row.set, lastImportId: importId }, $unset: unset } },
      });
  }
  if (writes.length) {
    await SupplierModel.bulkWrite(writes as never, { ordered: false, timestamps: false });
    await bumpDataVersion();
  }
  return counts;
}

/** Whether the supplier gets remittance advice by e-mail (set in the web app; a supplier file leaves it alone). */
export async function setRemittanceOptOut(supplierId: string, optOut: boolean): Promise<void> {
  await SupplierModel.updateOne({ supplierId }, optOut ? { $set: { remittanceOptOut: true } } : { $unset: { remittanceOptOut: '' } });
}

/** Every supplier's id and name (matching an export's supplier names). */
export async function supplierNames(): Promise<Array<{ supplierId: string; name: string }>> {
  return SupplierModel.find({}, { _id: 0, supplierId: 1, name: 1 }).lean<Array<{ supplierId: string; name: string }>>();
}

/** What identifies each known supplier as a company, to find an e-invoice's supplier by. */
export async function supplierKeys(): Promise<KnownSupplier[]> {
  return SupplierModel.find(
    {
      $or: [
        { vatNumber: { $exists: true } },
        { registrationNumber: { $exists: true } },
        { peppolId: { $exists: true } },
        { iban: { $exists: true } },
      ],
    },
    { _id: 0, supplierId: 1, vatNumber: 1, registrationNumber: 1, peppolId: 1, iban: 1 },
  ).lean<KnownSupplier[]>();
}

/**
 * Creates the suppliers an import introduced (from e-invoices), with what their documents say of
 * them; one already there (the same batch written again after a worker died) is left as it is.
 */
export async function createSuppliers(created: NewSupplier[], importId: string): Promise<void> {
  if (created.length === 0) return;
  const now = new Date();
  const byId = new Map(created.map((s) => [s.supplierId, s]));
  await SupplierModel.collection.bulkWrite(
    [...byId.values()].map((s) => ({
      updateOne: {
        filter: { supplierId: s.supplierId },
        update: { $setOnInsert: { ...s, importId, createdAt: now, updatedAt: now } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  await bumpDataVersion();
}
