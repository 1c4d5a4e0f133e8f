import mongoose from 'mongoose';
import type { InvoiceInput } from '../../domain/invoice.ts';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { duplicateKeys } from '../refused-writes.ts';
import { InvoiceModel } from './invoice.model.ts';

const PLAIN = {
  _id: 0,
  updatedAt: 0,
  importId: 0,
  lastImportId: 0,
  sample: 0,
  statusSetBy: 0,
  statusSetAt: 0,
  paidStatementId: 0,
  scheduledByRun: 0,
} as const;

// Invoices are read as raw bytes and deserialized here: the driver deserializes each document with
// its cursor options spread into a fresh object, which V8 reads slowly; that cost three times what
// one plain `deserialize` call does, and it was the largest cost of an incremental recompute.
const plainInvoices = (filter: Record<string, unknown>, batchSize?: number) =>
  InvoiceModel.collection.find(filter, { projection: PLAIN, raw: true, batchSize }) as unknown as AsyncIterable<Uint8Array> & {
    toArray(): Promise<Uint8Array[]>;
  };
const decode = (raw: Uint8Array) => mongoose.mongo.BSON.deserialize(raw) as InvoiceInput;

/** The invoices of each of these suppliers; every id is present in the map, possibly with none. */
export async function invoicesBySupplier(supplierIds: string[]): Promise<Map<string, InvoiceInput[]>> {
  const out = new Map<string, InvoiceInput[]>(supplierIds.map((id) => [id, []]));
  for (const raw of await plainInvoices({ supplierId: { $in: supplierIds } }).toArray()) {
    const d = decode(raw);
    out.get(d.supplierId)?.push(d);
  }
  return out;
}

/** Invoices with this number, of any supplier (at most a few; the lookup matches date and amount on them). */
export async function invoicesNumbered(invoiceNumber: string): Promise<InvoiceInput[]> {
  return (await plainInvoices({ invoiceNumber }, 20).toArray()).slice(0, 20).map(decode);
}

/** Every invoice, streamed (for organisation-wide reports). */
export async function* streamInvoices(): AsyncIterable<InvoiceInput> {
  for await (const raw of plainInvoices({}, 5000)) yield decode(raw);
}

export interface UpsertRow {
  /** Holds the natural key (supplierId, invoiceNumber) too. */
  set: Record<string, unknown>;
  unset: string[];
}

export type UpsertCounts = { inserted: number; updated: number; unchanged: number };

/**
 * Upserts by the natural key. Only data fields are set (no updatedAt stamp), so a row that did not
 * change is counted as unchanged (matched, not modified). Rows arrive validated and typed by the
 * importer, so they go through the driver's collection: mongoose's casting of every update was the
 * largest cost of an import.
 *
 * With `tryInsertFirst` the rows are first inserted as new documents (an unordered insert is far
 * cheaper than an upsert, on MongoDB as on the embedded server); only the rows whose key already
 * exists (duplicate key 11000, from the unique natural-key index) go through the upsert. A caller
 * re-importing mostly known invoices leaves it off, since then nearly every insert would fail.
 */
export async function upsertInvoices(given: UpsertRow[], importId: string, tryInsertFirst = false, day?: string): Promise<UpsertCounts> {
  if (given.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = day ? given.map((r) => withDisputeStart(r, day)) : given;
  try {
    if (!tryInsertFirst) return await upsertByKey(rows, importId);
    const existing = await insertNew(rows, importId);
    const rest = await upsertByKey(
      existing.map((i) => rows[i]),
      importId,
    );
    return { ...rest, inserted: rest.inserted + rows.length - existing.length };
  } finally {
    // Also after a partial failure: some rows may have been written.
    await bumpDataVersion();
  }
}

/**
 * A file says when an invoice is in dispute, never since when. `disputedSince` is the import day on
 * which tijdig first saw it disputed (kept by $min through later imports); a row that says the
 * invoice is no longer disputed clears it. A file without status or dispute columns says nothing.
 */
function withDisputeStart(row: UpsertRow, day: string): UpsertRow {
  const disputed = row.set.status === 'disputed' || !!row.set.disputeReason;
  if (disputed) return { set: { ...row.set, disputedSince: day }, unset: row.unset };
  const tells = 'status' in row.set || row.unset.includes('status') || row.unset.includes('disputeReason');
  return tells ? { set: row.set, unset: [...row.unset, 'disputedSince'] } : row;
}

/** Inserts the rows as new invoices; returns the indexes of those whose key already exists. */
async function insertNew(rows: UpsertRow[], importId: string): Promise<number[]> {
  try {
    // The importer's rows never carry fields to unset when the invoice is new.
    await InvoiceModel.collection.insertMany(
      // _id first, as the server stores it: the driver then adds nothing and the server can keep the
      // document exactly as sent.
      rows.map((row) => ({ _id: new mongoose.mongo.ObjectId(), ...row.set, importId })),
      { ordered: false },
    );
    return [];
  } catch (e) {
    return duplicateKeys(e, rows.length);
  }
}

type Stored = Record<string, unknown> & {
  supplierId: string;
  invoiceNumber: string;
  importId?: string;
  lastImportId?: string;
  paidFrom?: string;
};

/**
 * A payment the bank's statement confirmed stays when a later ERP export does not know of it yet
 * (its payment columns empty); a payment date the export does give replaces the bank's.
 */
function keepBankPayment(row: UpsertRow, stored: Stored): UpsertRow {
  if ('paidDate' in row.set)
    return row.set.paidDate === stored.paidDate ? row : { ...row, unset: [...row.unset, 'paidFrom', 'paidStatementId'] };
  return { ...row, unset: row.unset.filter((f) => f !== 'paidDate' && f !== 'paidAmount') };
}

/** Whether writing the row would change the stored invoice (as MongoDB would count it modified). */
function changes(stored: Stored, { set, unset }: UpsertRow): boolean {
  for (const [k, v] of Object.entries(set)) {
    if (k === 'disputedSince') {
      // Kept by $min: only an earlier day changes it.
      if (stored.disputedSince == null || (stored.disputedSince as string) > (v as string)) return true;
    } else if (stored[k] !== v) return true;
  }
  return unset.some((k) => k in stored);
}

/**
 * Upserts by the natural key, classifying each row from what is stored: new (inserted), different
 * (updated, and stamped with this import as `lastImportId`), or the same (unchanged, not written).
 * Classifying from the stored invoices rather than from the write's counts is what keeps the counts
 * exact when a batch is written twice (a worker died after writing it and before recording it): an
 * invoice this import inserted (importId) or changed (lastImportId) counts as inserted or updated again.
 * The stored invoices are found through the invoiceNumber index, then matched on supplier too.
 */
async function upsertByKey(rows: UpsertRow[], importId: string): Promise<UpsertCounts> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const found = (await InvoiceModel.collection
    .find(
      { invoiceNumber: { $in: [...new Set(rows.map((r) => r.set.invoiceNumber as string))] } },
      { projection: { _id: 0, updatedAt: 0 } },
    )
    .toArray()) as unknown as Stored[];
  const stored = new Map(found.map((d) => [`${d.supplierId}\u0000${d.invoiceNumber}`, d]));
  const writes = [];
  for (const given of rows) {
    const before = stored.get(`${given.set.supplierId as string}\u0000${given.set.invoiceNumber as string}`);
    const row = before?.paidFrom === 'bank' ? keepBankPayment(given, before) : given;
    const { disputedSince, ...set } = row.set;
    const filter = { supplierId: set.supplierId, invoiceNumber: set.invoiceNumber };
    const dispute = disputedSince ? { $min: { disputedSince } } : {};
    const clear = row.unset.length ? { $unset: Object.fromEntries(row.unset.map((f) => [f, ''])) } : {};
    if (!before) {
      counts.inserted++;
      writes.push({ updateOne: { filter, update: { $set: set, ...dispute, ...clear, $setOnInsert: { importId } }, upsert: true } });
      continue;
    }
    const changed = changes(before, row);
    if (before.importId === importId) counts.inserted++;
    else if (changed || before.lastImportId === importId) counts.updated++;
    else counts.unchanged++;
    if (changed) writes.push({ updateOne: { filter, update: { $set: { ...set, lastImportId: importId }, ...dispute, ...clear } } });
  }
  if (writes.length) await InvoiceModel.collection.bulkWrite(writes as never, { ordered: false });
  return counts;
}

export interface InvoiceFilter {
  supplierId?: string;
  status?: string;
  currency?: string;
  importId?: string;
  dueFrom?: string;
  dueTo?: string;
  /** Open (something outstanding, not cancelled) on this date: not paid by then. */
  openOn?: string;
  /** Open and past its due date on this date. */
  overdueOn?: string;
}

/**
 * A page of invoices in _id order after `afterId` (a keyset: pages stay stable while invoices are
 * added or changed). Served by indexes: a supplier's by { supplierId, invoiceNumber }; the others
 * walk the _id index and stop after a page. Due dates are matched on the stored due date (an invoice
 * without one falls due by its supplier's terms and is filtered after resolving, by the caller).
 */
export async function invoicePage(
  f: InvoiceFilter,
  afterId: string | null,
  limit: number,
): Promise<Array<InvoiceInput & { _id: mongoose.Types.ObjectId; importId?: string }>> {
  const q: Record<string, unknown> = {};
  if (f.supplierId) q.supplierId = f.supplierId;
  if (f.status) q.status = f.status === 'received' ? { $in: ['received', null] } : f.status;
  if (f.currency) q.currency = f.currency;
  if (f.importId) q.importId = f.importId;
  const open = f.openOn ?? f.overdueOn;
  if (open) {
    q.status = q.status ?? { $ne: 'cancelled' };
    q.issueDate = { $lte: open };
    // Not paid by then, or only in part (the caller checks what is still open exactly).
    q.$or = [{ paidDate: null }, { paidDate: { $gt: open } }, { paidAmount: { $ne: null } }];
  }
  if (afterId) q._id = { $gt: new mongoose.Types.ObjectId(afterId) };
  return InvoiceModel.collection.find(q, { projection: { updatedAt: 0 }, sort: { _id: 1 }, limit }).toArray() as unknown as Promise<
    Array<InvoiceInput & { _id: mongoose.Types.ObjectId; importId?: string }>
  >;
}

/**
 * Stored invoices by their keys, with the fields asked for. One query on the natural key's index
 * (suppliers, then numbers), filtered here: an $or of thousands of keys is planned clause by clause.
 */
export async function invoicesByKeys<T extends { supplierId: string; invoiceNumber: string }>(
  keys: Array<{ supplierId: string; invoiceNumber: string }>,
  projection: Record<string, 0 | 1>,
): Promise<T[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.supplierId}\u0000${k.invoiceNumber}`));
  const found = await InvoiceModel.find(
    {
      supplierId: { $in: [...new Set(keys.map((k) => k.supplierId))] },
      invoiceNumber: { $in: [...new Set(keys.map((k) => k.invoiceNumber))] },
    },
    { _id: 0, supplierId: 1, invoiceNumber: 1, ...projection },
  ).lean<T[]>();
  return found.filter((i) => wanted.has(`${i.supplierId}\u0000${i.invoiceNumber}`));
}
