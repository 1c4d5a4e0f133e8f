import type { InvoiceInput } from '../../domain/invoice';
import { InvoiceModel } from './invoice.model';

const PLAIN = { _id: 0, updatedAt: 0, importId: 0 } as const;

/** The invoices of each of these suppliers; every id is present in the map, possibly with none. */
export async function invoicesBySupplier(supplierIds: string[]): Promise<Map<string, InvoiceInput[]>> {
  const out = new Map<string, InvoiceInput[]>(supplierIds.map((id) => [id, []]));
  const docs = await InvoiceModel.find({ supplierId: { $in: supplierIds } }, PLAIN).lean<InvoiceInput[]>();
  for (const d of docs) out.get(d.supplierId)?.push(d);
  return out;
}

/** Every invoice, streamed (for organisation-wide reports). */
export function streamInvoices(): AsyncIterable<InvoiceInput> {
  return InvoiceModel.find({}, PLAIN).lean<InvoiceInput[]>().cursor({ batchSize: 5000 }) as unknown as AsyncIterable<InvoiceInput>;
}

export interface UpsertRow {
  key: { supplierId: string; invoiceNumber: string };
  set: Record<string, unknown>;
  unset: string[];
}

/**
 * Upserts by the natural key. Only data fields are set (no updatedAt stamp), so a row that did not
 * change is counted as unchanged (matched, not modified). Rows arrive validated and typed by the
 * importer, so they go through the driver's collection: mongoose's casting of every update was the
 * largest cost of an import.
 */
export async function upsertInvoices(
  rows: UpsertRow[],
  importId: string,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const r = await InvoiceModel.collection.bulkWrite(
    rows.map((row) => ({
      updateOne: {
        filter: row.key,
        update: {
          $set: row.set,
          ...(row.unset.length ? { $unset: Object.fromEntries(row.unset.map((f) => [f, ''])) } : {}),
          $setOnInsert: { importId },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return { inserted: r.upsertedCount, updated: r.modifiedCount, unchanged: r.matchedCount - r.modifiedCount };
}
