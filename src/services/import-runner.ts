/**
 * Runs one import: analyse the stored file, then stream it again converting, validating and writing
 * rows in bulk batches. Progress and the last written line are saved after every batch, so a retried
 * job (after a worker died) continues where the last one stopped; upserts by the natural key make any
 * re-written row harmless.
 */
import type mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { type Analysis, analyze, type Locale } from '../import/analyze.ts';
import { CompanyNumbers } from '../import/company-numbers.ts';
import type { ConvertedRow, EntityRef, RowError } from '../import/rows.ts';
import { FileRejected, readCsv } from '../import/source.ts';
import { SupplierKeys } from '../import/supplier-keys.ts';
import { SupplierNames } from '../import/supplier-names.ts';
import { type ImportCounts, type ImportDoc, ImportErrorModel, ImportModel } from '../persistence/imports/import.model.ts';
import { openUpload } from '../persistence/imports/uploads.ts';
import { upsertInvoices } from '../persistence/invoices/invoice.repository.ts';
import { duplicateKeys } from '../persistence/refused-writes.ts';
import {
  createSuppliers,
  ensureSuppliers,
  supplierKeys,
  supplierNames,
  upsertSuppliers,
} from '../persistence/suppliers/supplier.repository.ts';

export const BATCH_ROWS = 2500;
const MAX_IN_FLIGHT = 4;
const FIRST_ERRORS = 20;

export interface RunnerDeps {
  baseCurrency: string;
  locale: Locale;
  /** The import day in the organisation's time zone (when an invoice was first seen disputed). */
  today?: string;
  /** The group's entities by upper-case code, for a file with an entity column. */
  entities?: () => Promise<ReadonlyMap<string, EntityRef>>;
  /** Called with the suppliers a completed invoice import touched. */
  afterImport?: (supplierIds: string[], imp: ImportDoc) => Promise<void>;
  onProgress?: (p: { rowsRead: number; rowsTotal: number; bytesRead: number }) => Promise<void> | void;
}

/** Another run of this import started after this one (see `runFence`): this one must stop writing. */
export class ImportSuperseded extends Error {
  constructor(id: Types.ObjectId) {
    super(`import ${String(id)} is being run by a newer attempt`);
  }
}

/** An update of the import record that only the run holding the fence may make. */
async function fenced(id: Types.ObjectId, fence: number, update: mongoose.UpdateQuery<ImportDoc>): Promise<void> {
  const r = await ImportModel.updateOne({ _id: id, runFence: fence }, update);
  if (r.matchedCount === 0) throw new ImportSuperseded(id);
}

export async function runImport(importId: Types.ObjectId | string, deps: RunnerDeps): Promise<ImportDoc> {
  const found = await ImportModel.findById(importId).lean<ImportDoc>();
  if (!found) throw new FileRejected(`import ${String(importId)} does not exist`);
  if (['completed', 'rejected', 'duplicate'].includes(found.status)) return found;
  const imp = (await ImportModel.findOneAndUpdate(
    { _id: found._id },
    { $set: { status: 'running' }, $inc: { runFence: 1 } },
    { new: true },
  ).lean<ImportDoc>()) as ImportDoc;
  const fence = imp.runFence ?? 0;

  let analysis: Analysis;
  try {
    analysis = await analyze(() => openUpload(imp.fileId), imp.kind, imp.options, deps.locale, deps.baseCurrency);
  } catch (e) {
    // The whole file is unusable (not CSV, missing columns, malformed quoting): nothing was written.
    if (e instanceof FileRejected) return finish(imp._id, fence, 'rejected', { error: e.message });
    throw e;
  }
  // A file that names its suppliers: they are matched against the known ones by name.
  const names = analysis.reader.namesSuppliers ? new SupplierNames(await supplierNames()) : null;
  if (names) analysis.reader.matchNamesWith(names);
  // A file that identifies its suppliers as companies (e-invoices): found by those keys, else made.
  const keys = analysis.reader.keysSuppliers ? new SupplierKeys(await supplierKeys()) : null;
  if (keys) analysis.reader.matchKeysWith(keys);
  if (analysis.reader.givesCompanyNumbers) analysis.reader.matchCompanyNumbersWith(new CompanyNumbers(await supplierKeys()));
  if (analysis.reader.namesEntities && deps.entities) analysis.reader.matchEntitiesWith(await deps.entities());
  await fenced(imp._id, fence, {
    $set: {
      detected: {
        encoding: analysis.encoding,
        delimiter: analysis.delimiter,
        decimalMark: analysis.decisions.decimalMark,
        dateOrder: analysis.decisions.dateOrder,
        notes: analysis.notes,
        unknownColumns: analysis.columns.unknown,
      },
      'progress.rowsTotal': analysis.rows,
    },
  });

  if (imp.options.allOrNothing) {
    const rejected = await pass(imp, fence, analysis, deps, false);
    if (rejected > 0)
      return finish(imp._id, fence, 'rejected', { error: `${rejected} row(s) rejected; with all-or-nothing nothing was imported` });
  }
  const touched = new Set<string>();
  await pass(imp, fence, analysis, deps, true, touched);
  if (names) await fenced(imp._id, fence, { $push: { 'detected.notes': names.summary() } });
  if (keys) await fenced(imp._id, fence, { $push: { 'detected.notes': keys.summary() } });
  const done = await finish(imp._id, fence, 'completed', {});
  if (imp.kind === 'invoices' && deps.afterImport) await deps.afterImport([...touched], done);
  return done;
}

/** One streaming pass; with `write` false it only validates (all-or-nothing). Returns the rejected count. */
async function pass(
  imp: ImportDoc,
  fence: number,
  a: Analysis,
  deps: RunnerDeps,
  write: boolean,
  touched = new Set<string>(),
): Promise<number> {
  const fresh = await ImportModel.findById(imp._id, { counts: 1, committedLine: 1, firstErrors: 1 }).lean<ImportDoc>();
  const counts: ImportCounts = write ? { ...(fresh?.counts as ImportCounts) } : { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const resumeAfter = write ? (fresh?.committedLine ?? 0) : 0;
  let firstErrors = write ? [...(fresh?.firstErrors ?? [])] : [];
  let batch: ConvertedRow[] = [];
  let errors: RowError[] = [];
  /** Rows of the batch being read that were rejected. */
  let batchRejected = 0;
  let rowsRead = 0;
  let lastLine = resumeAfter;
  let bytesRead = 0;
  let header = true;

  // Each supplier id needs its placeholder checked once per import, not once per row.
  const ensured = new Set<string>();
  let mostlyNew = true;
  // Writes run behind the parser: up to MAX_IN_FLIGHT batches are being written while the next is
  // parsed. They are chained, so progress (the committed line) is saved in file order.
  let chain: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  type Written = { inserted: number; updated: number; unchanged: number };
  // The data of a batch is written at once (batches hold distinct keys, so their order does not
  // matter); its counts and the committed line are applied in file order behind the earlier ones.
  const writeData = async (rows: typeof batch): Promise<Written> => {
    if (imp.kind === 'invoices') {
      // Suppliers the file introduced (e-invoices) are made with what their documents say of them first.
      const created = rows.flatMap((r) => (r.supplier && !ensured.has(r.supplier.supplierId) ? [r.supplier] : []));
      await createSuppliers(created, String(imp._id));
      for (const s of created) ensured.add(s.supplierId);
      const fresh = [...new Set(rows.map((r) => r.set.supplierId as string))].filter((id) => !ensured.has(id));
      for (const id of fresh) ensured.add(id);
      await ensureSuppliers(fresh);
      const written = await upsertInvoices(rows, String(imp._id), mostlyNew, deps.today);
      // A file of new invoices is inserted; once a batch turns out mostly known (a corrected
      // re-upload), the rest go straight to the upsert rather than failing their inserts first.
      mostlyNew = written.inserted * 2 >= rows.length;
      return written;
    }
    return upsertSuppliers(
      rows.map((row) => ({ supplierId: row.set.supplierId as string, set: row.set, unset: row.unset })),
      String(imp._id),
    );
  };
  const commit = async (written: Written, errs: RowError[], rejected: number, upTo: number, read: number, bytes: number) => {
    counts.inserted += written.inserted;
    counts.updated += written.updated;
    counts.unchanged += written.unchanged;
    counts.rejected += rejected;
    await recordErrors(imp._id, errs);
    firstErrors = [...firstErrors, ...errs].slice(0, FIRST_ERRORS);
    await fenced(imp._id, fence, {
      $set: { counts, committedLine: upTo, firstErrors, 'progress.rowsRead': read, 'progress.bytesRead': bytes },
    });
  };
  // What bounds the parser is the data writes in flight, not the progress records behind them: those
  // queue behind the writes at the database, and waiting on them left only one batch in flight.
  let failure: { error: unknown } | null = null;
  const flush = async (last = false) => {
    if (write) {
      const [rows, errs, rejected, upTo, read, bytes] = [batch, errors, batchRejected, lastLine, rowsRead + resumeAfterRows, bytesRead];
      const data = writeData(rows);
      const settled = data.then(
        () => {},
        () => {},
      );
      chain = chain.then(async () => commit(await data, errs, rejected, upTo, read, bytes));
      chain.catch((error) => {
        failure ??= { error };
      });
      inFlight.push(settled);
      if (last) await chain;
      else if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
      if (failure) throw failure.error;
    } else counts.rejected += batchRejected;
    await deps.onProgress?.({ rowsRead, rowsTotal: a.rows, bytesRead });
    batch = [];
    errors = [];
    batchRejected = 0;
  };

  let resumeAfterRows = 0;
  for await (const records of readCsv(openUpload(imp.fileId), a.encoding, a.delimiter))
    for (const rec of records) {
      bytesRead = rec.bytesRead;
      if (header) {
        header = false;
        continue;
      }
      const fields = rec.fields;
      if (rec.line <= resumeAfter) {
        // Written by an earlier attempt; its supplier still needs its recompute.
        const id = a.reader.text(fields, 'supplierId');
        if (id) touched.add(id);
        resumeAfterRows++;
        continue;
      }
      rowsRead++;
      lastLine = rec.line;
      const dupLines = a.duplicates.size ? a.duplicates.get(a.reader.key(fields)) : undefined;
      let result: ConvertedRow | RowError[];
      if (fields.length !== a.header.length && !(fields.length === 1 && fields[0] === '')) {
        result = [
          {
            line: rec.line,
            column: '(row)',
            value: fields.join(a.delimiter),
            reason: `has ${fields.length} columns; the header has ${a.header.length}`,
          },
        ];
      } else if (dupLines) {
        const field = imp.kind === 'invoices' ? 'invoiceNumber' : 'supplierId';
        result = [
          {
            line: rec.line,
            ...a.reader.where(fields, field),
            reason: `the same ${imp.kind === 'invoices' ? 'supplier and invoice number' : 'supplier id'} appears on lines ${dupLines.join(', ')}; none of them is imported`,
          },
        ];
      } else result = a.reader.convert(fields, rec.line, a.decisions);

      if (Array.isArray(result)) {
        // Counted when its batch is recorded, with the batch's line: a resumed import counts it once.
        batchRejected++;
        errors.push(...result);
      } else {
        const supplierId = result.set.supplierId as string;
        touched.add(supplierId);
        batch.push(result);
      }
      if (batch.length + errors.length >= BATCH_ROWS) await flush();
    }
  await flush(true);
  return counts.rejected;
}

/**
 * A batch's errors. Each is stored once (a unique index on import, line, column and reason): an attempt
 * that died after storing them, or a second run of the same import, adds nothing when it stores them
 * again, and nothing is ever deleted that another attempt may not store again.
 */
async function recordErrors(importId: Types.ObjectId, errs: RowError[]): Promise<void> {
  if (errs.length === 0) return;
  try {
    await ImportErrorModel.collection.insertMany(
      errs.map((e) => ({ ...e, importId })),
      { ordered: false },
    );
  } catch (e) {
    duplicateKeys(e, errs.length);
  }
}

export async function markFailed(importId: string, message: string): Promise<void> {
  await ImportModel.updateOne(
    { _id: importId, status: { $in: ['queued', 'running'] } },
    { $set: { status: 'failed', error: message, finishedAt: new Date() } },
  );
}

async function finish(id: Types.ObjectId, fence: number, status: 'completed' | 'rejected', extra: { error?: string }): Promise<ImportDoc> {
  const doc = await ImportModel.findOneAndUpdate(
    { _id: id, runFence: fence },
    { $set: { status, finishedAt: new Date(), ...extra } },
    { new: true },
  ).lean<ImportDoc>();
  if (!doc) throw new ImportSuperseded(id);
  return doc;
}
