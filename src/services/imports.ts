/** Accepting uploads and reading import history. */
import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError, notFound } from '../errors.ts';
import type { ImportOptions } from '../import/analyze.ts';
import { mapColumns } from '../import/columns.ts';
import { einvoicesAsCsv, isEInvoiceUpload } from '../import/einvoice/as-csv.ts';
import { FileRejected, headerOf, readHead, sniff } from '../import/source.ts';
import { isXlsxName, xlsxAsCsv } from '../import/xlsx/workbook-csv.ts';
import { type ImportDoc, ImportErrorModel, ImportModel } from '../persistence/imports/import.model.ts';
import { deleteUpload, openUpload, storeUpload, UploadTooLarge, uploadRanges } from '../persistence/imports/uploads.ts';
import { toCsv } from '../presentation/csv.ts';
import { decodeCursor, encodeCursor, isObjectIdHex } from './cursor.ts';
import { type ChosenProfile, chooseProfile } from './import-profiles.ts';

export const importOptionsSchema = z
  .object({
    mapping: z.record(z.string(), z.string()).optional(),
    encoding: z.enum(['utf-8', 'windows-1252']).optional(),
    delimiter: z.enum([',', ';', '\t']).optional(),
    decimalMark: z.enum([',', '.']).optional(),
    dateOrder: z.enum(['DMY', 'MDY']).optional(),
    allOrNothing: z.boolean().optional(),
    sheet: z.string().min(1).max(100).optional(),
    negateAmounts: z.boolean().optional(),
    profile: z.string().min(1).max(100).optional(),
  })
  .strict();

export const importKindSchema = z.enum(['invoices', 'suppliers']);

export interface NewImport {
  input: Readable;
  fileName: string;
  kind: 'invoices' | 'suppliers';
  options: ImportOptions;
  uploadedBy: string;
  limitBytes: number;
  /**
   * The web app's mapping step: 'missing' waits for a person when the columns do not all map,
   * 'always' waits whatever they map to (the uploader asked to check them).
   */
  ask?: 'missing' | 'always';
}

/**
 * Stores the file and records the import. A file that is not CSV is refused here (400); the same
 * file imported before is recorded as a duplicate and changes nothing.
 */
export async function createImport(n: NewImport): Promise<{ imp: ImportDoc; enqueue: boolean }> {
  let stored: StoredUpload;
  try {
    stored = isXlsxName(n.fileName) ? await storeWorkbookAsCsv(n) : await storeUpload(n.input, n.fileName, n.limitBytes);
    // E-invoices (XML, a zip of them, a PDF carrying one), told by their name or their first bytes.
    if (!isXlsxName(n.fileName) && isEInvoiceUpload(n.fileName, await readHead(openUpload(stored.fileId), 256))) {
      if (n.kind !== 'invoices') {
        await deleteUpload(stored.fileId);
        throw new FileRejected('e-invoices are imported as invoices, not suppliers', 'not_csv');
      }
      stored = await einvoicesStoredAsCsv(stored, n);
      n = { ...n, options: { ...n.options, encoding: 'utf-8', delimiter: ',', decimalMark: '.', mapping: undefined, profile: undefined } };
    }
  } catch (e) {
    if (e instanceof FileRejected) throw new AppError(400, e.code, `${n.fileName}: ${e.message}`);
    throw e;
  }
  let header: string[];
  let options: ImportOptions;
  let profile: ChosenProfile | null;
  try {
    const head = await readHead(openUpload(stored.fileId));
    const sniffed = sniff(head, head.length >= stored.size);
    header = await headerOf(
      head,
      n.options.encoding ?? (sniffed.looksUtf8 ? 'utf-8' : 'windows-1252'),
      n.options.delimiter ?? sniffed.delimiter,
    );
    profile = await chooseProfile(n.kind, header, n.options.profile);
    // What the uploader gave wins over the profile; the profile over what tijdig would detect.
    options = profile
      ? ({
          ...profile.options,
          negateAmounts: profile.negateAmounts || undefined,
          ...n.options,
          mapping: n.options.mapping ?? profile.mapping,
        } as ImportOptions)
      : n.options;
  } catch (e) {
    await deleteUpload(stored.fileId);
    if (e instanceof FileRejected) throw new AppError(400, e.code, `${n.fileName}: ${e.message}`);
    throw e;
  }
  const columns = mapColumns(n.kind, header, options.mapping);
  const mapped = columns.missing.length === 0 && columns.duplicates.length === 0;
  const waits = n.ask === 'always' || (n.ask === 'missing' && !mapped);
  // Imported before, or being imported now (an upload sent again because its answer was lost): the
  // import that holds it. Two runs of one file could otherwise end in the wrong order behind a newer file.
  const previous = await ImportModel.findOne(
    { checksum: stored.checksum, kind: n.kind, status: { $in: ['completed', 'queued', 'running'] } },
    { _id: 1, createdAt: 1, status: 1 },
  )
    .sort({ createdAt: -1 })
    .lean();
  const doc = await ImportModel.create({
    kind: n.kind,
    fileName: n.fileName,
    fileId: stored.fileId,
    size: stored.size,
    checksum: stored.checksum,
    uploadedBy: n.uploadedBy,
    createdAt: new Date(),
    status: previous ? 'duplicate' : waits ? 'mapping' : 'queued',
    options,
    header,
    ...(profile ? { profile: { name: profile.name, source: profile.source } } : {}),
    progress: { rowsRead: 0, rowsTotal: null, bytesRead: 0, bytesTotal: stored.size },
    counts: { inserted: 0, updated: 0, unchanged: 0, rejected: 0 },
    committedLine: 0,
    firstErrors: [],
    ...(previous
      ? {
          duplicateOf: previous._id,
          finishedAt: new Date(),
          error:
            previous.status === 'completed'
              ? `already imported as ${String(previous._id)}: nothing changed`
              : `already being imported as ${String(previous._id)}: follow that import`,
        }
      : {}),
  });
  return { imp: doc.toObject() as ImportDoc, enqueue: !previous && !waits };
}

type StoredUpload = Awaited<ReturnType<typeof storeUpload>>;

/** E-invoices are stored as the CSV of their documents, one line each; the upload itself only while it is read. */
async function einvoicesStoredAsCsv(upload: StoredUpload, n: NewImport): Promise<StoredUpload> {
  try {
    // A zip is read from its end: it is whole in storage first. What it unpacks to is bounded by ten
    // times the upload limit, which no honest batch of invoices (kilobytes each) comes near.
    const csv = einvoicesAsCsv(uploadRanges(upload.fileId), upload.size, n.fileName, { maxUnpackedBytes: 10 * n.limitBytes });
    return await storeUpload(csv, n.fileName, n.limitBytes * 10);
  } finally {
    await deleteUpload(upload.fileId);
  }
}

/**
 * A workbook is stored as the CSV of its sheet: everything after this reads CSV. The workbook itself
 * is stored only while it is converted: a zip is read from its end, so it must be whole first.
 */
async function storeWorkbookAsCsv(n: NewImport): Promise<StoredUpload> {
  const workbook = await storeUpload(n.input, n.fileName, n.limitBytes);
  try {
    const csv = xlsxAsCsv(uploadRanges(workbook.fileId), workbook.size, { sheet: n.options.sheet, maxPartBytes: n.limitBytes });
    return await storeUpload(csv, n.fileName, n.limitBytes);
  } catch (e) {
    // The workbook was within the limit; what outgrew it is its sheet, written out.
    if (e instanceof UploadTooLarge)
      throw new UploadTooLarge(
        `the sheet, as CSV, is larger than the limit of ${Math.round(n.limitBytes / 2 ** 20)} MB (the workbook itself is ${(workbook.size / 2 ** 20).toFixed(1)} MB)`,
      );
    throw e;
  } finally {
    await deleteUpload(workbook.fileId);
  }
}

export function importJson(i: ImportDoc) {
  return {
    id: String(i._id),
    kind: i.kind,
    fileName: i.fileName,
    size: i.size,
    checksum: i.checksum,
    uploadedBy: i.uploadedBy,
    createdAt: i.createdAt,
    finishedAt: i.finishedAt ?? null,
    status: i.status,
    detected: i.detected ?? null,
    progress: i.progress,
    counts: i.counts,
    firstErrors: i.firstErrors,
    error: i.error ?? null,
    duplicateOf: i.duplicateOf ? String(i.duplicateOf) : null,
    profile: i.profile ?? null,
  };
}

/**
 * Queues a stored import's job. When that fails (Redis went away since the upload began) the import is
 * withdrawn, file and record, and the error goes on to the caller (a 503): an upload answered with an
 * error must never run later, after newer files, and write its older values over theirs.
 */
export async function queueImport(imp: ImportDoc, enqueue: (importId: string) => Promise<void>): Promise<void> {
  try {
    await enqueue(String(imp._id));
  } catch (e) {
    await deleteUpload(imp.fileId).catch(() => {});
    await ImportModel.deleteOne({ _id: imp._id, status: 'queued' });
    throw e;
  }
}

/**
 * Imports left queued without a job: the API process stopped between storing a file and queueing it,
 * so its uploader got no answer. They are marked failed, to be uploaded again, rather than run later
 * out of order. `hasJob` asks the queue.
 */
export async function failAbandonedImports(olderThanMs: number, hasJob: (importId: string) => Promise<boolean>, now = Date.now()) {
  const queued = await ImportModel.find({ status: 'queued', createdAt: { $lt: new Date(now - olderThanMs) } }, { _id: 1 })
    .limit(100)
    .lean();
  let failed = 0;
  for (const { _id } of queued) {
    if (await hasJob(String(_id))) continue;
    const r = await ImportModel.updateOne(
      { _id, status: 'queued' },
      {
        $set: {
          status: 'failed',
          finishedAt: new Date(),
          error: 'the file was stored but never queued (the server stopped); upload it again',
        },
      },
    );
    failed += r.modifiedCount;
  }
  return failed;
}

export async function getImport(id: string): Promise<ImportDoc> {
  if (!Types.ObjectId.isValid(id)) throw notFound(`no import ${id}`);
  const doc = await ImportModel.findById(id).lean<ImportDoc>();
  if (!doc) throw notFound(`no import ${id}`);
  return doc;
}

export async function listImports(limit = 100): Promise<ImportDoc[]> {
  return ImportModel.find({}).sort({ createdAt: -1 }).limit(limit).lean<ImportDoc[]>();
}

/**
 * Imports newest first, a page at a time: the cursor is the last import shown (its time and id), so
 * new uploads between two pages shift nothing. Served by the { createdAt: -1 } index.
 */
export async function importsPage(limit: number, cursor: string | undefined): Promise<{ items: ImportDoc[]; nextCursor: string | null }> {
  const q: Record<string, unknown> = {};
  if (cursor) {
    const c = decodeCursor<{ t: number; i: string }>(cursor, (x) => typeof x.t === 'number' && isObjectIdHex(x.i));
    const t = new Date(c.t);
    q.$or = [{ createdAt: { $lt: t } }, { createdAt: t, _id: { $lt: new Types.ObjectId(c.i) } }];
  }
  const docs = await ImportModel.find(q)
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean<ImportDoc[]>();
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = docs.length > limit && last ? encodeCursor({ t: last.createdAt.getTime(), i: String(last._id) }) : null;
  return { items, nextCursor };
}

export async function errorsCsv(id: string): Promise<string> {
  const imp = await getImport(id);
  if (imp.status === 'queued' || imp.status === 'running') throw new AppError(409, 'not_finished', `import ${id} is still ${imp.status}`);
  const rows = await ImportErrorModel.find({ importId: imp._id }, { _id: 0, line: 1, column: 1, value: 1, reason: 1 })
    .sort({ line: 1 })
    .lean();
  return toCsv(
    ['line', 'column', 'value', 'reason'],
    rows.map((r) => [r.line, r.column, r.value, r.reason]),
  );
}
