import mongoose, { Schema, type Types } from 'mongoose';

/** `mapping`: stored, waiting for a person to match its columns (the web app's mapping step). */
export const IMPORT_STATUSES = ['mapping', 'queued', 'running', 'completed', 'rejected', 'failed', 'duplicate'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportDoc {
  _id: Types.ObjectId;
  kind: 'invoices' | 'suppliers';
  fileName: string;
  fileId: Types.ObjectId;
  size: number;
  checksum: string;
  uploadedBy: string;
  createdAt: Date;
  finishedAt?: Date;
  status: ImportStatus;
  options: Record<string, unknown>;
  detected?: {
    encoding: string;
    delimiter: string;
    decimalMark: string;
    dateOrder: Record<string, string>;
    notes: string[];
    unknownColumns: string[];
  };
  progress: { rowsRead: number; rowsTotal: number | null; bytesRead: number; bytesTotal: number };
  counts: ImportCounts;
  /** Lines up to here are written; a retried job continues after it. */
  committedLine: number;
  /**
   * Raised by each run of the import as it starts. A run records batches and finishes only while the
   * fence is still its own: a worker whose lock lapsed (its job taken over while it still ran) stops
   * at its next batch instead of overwriting the newer run's counts and progress.
   */
  runFence?: number;
  firstErrors: Array<{ line: number; column: string; value: string; reason: string }>;
  error?: string;
  duplicateOf?: Types.ObjectId;
  /** The import profile it is read with, and how it was chosen. */
  profile?: { name: string; source: 'named' | 'saved' | 'erp' };
  /** The file's header (kept for the mapping step and for saving a profile). */
  header?: string[];
}

const schema = new Schema<ImportDoc>(
  {
    kind: { type: String, enum: ['invoices', 'suppliers'], required: true },
    fileName: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, required: true },
    size: { type: Number, required: true },
    checksum: { type: String, required: true },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: Date,
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    options: { type: Schema.Types.Mixed, default: {} },
    detected: Schema.Types.Mixed,
    progress: { type: Schema.Types.Mixed, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    committedLine: { type: Number, default: 0 },
    runFence: { type: Number, default: 0 },
    firstErrors: { type: Schema.Types.Mixed, default: [] },
    error: String,
    duplicateOf: Schema.Types.ObjectId,
    profile: Schema.Types.Mixed,
    header: { type: [String], default: undefined },
  },
  { versionKey: false, minimize: false },
);

// "Already imported?": the same file (checksum) of the same kind that completed.
schema.index({ checksum: 1, kind: 1, status: 1 });
// The import history, newest first.
schema.index({ createdAt: -1 });

export const ImportModel = mongoose.model<ImportDoc>('Import', schema, 'imports');

export interface ImportErrorDoc {
  importId: Types.ObjectId;
  line: number;
  column: string;
  value: string;
  reason: string;
}

const errorSchema = new Schema<ImportErrorDoc>(
  {
    importId: { type: Schema.Types.ObjectId, required: true },
    line: { type: Number, required: true },
    column: { type: String, required: true },
    value: { type: String, default: '' },
    reason: { type: String, required: true },
  },
  { versionKey: false },
);

// errors.csv of one import, in line order.
errorSchema.index({ importId: 1, line: 1 });
// Each error stored once, however often its batch is recorded (a resumed or repeated run).
errorSchema.index({ importId: 1, line: 1, column: 1, reason: 1 }, { unique: true });

export const ImportErrorModel = mongoose.model<ImportErrorDoc>('ImportError', errorSchema, 'importErrors');
