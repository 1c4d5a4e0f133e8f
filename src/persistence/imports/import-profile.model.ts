import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A confirmed way to read one kind of export: its columns mapped onto tijdig's fields, and the formats
 * it uses. Found again by its header set, so the next file with the same columns imports without
 * asking; named so people and the CLI can choose it.
 */
export interface ImportProfileDoc {
  _id: Types.ObjectId;
  name: string;
  kind: 'invoices' | 'suppliers';
  /** The header set it was made for (columns.ts headerKey). */
  headerKey: string;
  headers: string[];
  /** Header → field; '' leaves a column out. */
  mapping: Record<string, string>;
  options: { encoding?: string; delimiter?: string; decimalMark?: string; dateOrder?: string };
  /** Payables written as negative amounts, turned around on import. */
  negateAmounts?: boolean;
  createdBy: string;
  createdAt: Date;
  updatedBy?: string;
  updatedAt?: Date;
}

const schema = new Schema<ImportProfileDoc>(
  {
    name: { type: String, required: true, maxlength: 100 },
    kind: { type: String, enum: ['invoices', 'suppliers'], required: true },
    headerKey: { type: String, required: true },
    headers: { type: [String], default: [] },
    mapping: { type: Schema.Types.Mixed, required: true },
    options: { type: Schema.Types.Mixed, default: {} },
    negateAmounts: Boolean,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedBy: String,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);

schema.index({ name: 1 }, { unique: true });
schema.index({ kind: 1, headerKey: 1 }, { unique: true });

export const ImportProfileModel = mongoose.model<ImportProfileDoc>('ImportProfile', schema, 'importProfiles');
