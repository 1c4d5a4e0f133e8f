import mongoose, { Schema } from 'mongoose';
import type { Condition } from '../../domain/alerts/conditions.ts';

/**
 * What one recompute batch found wrong, handed to its alert evaluation job: one document per batch
 * (the job carries only its id), removed once evaluated. Kept apart from the snapshots, whose writes
 * and reads are the recompute's largest cost; one that is never evaluated expires after two days.
 */
export interface ConditionBatchDoc {
  _id: string;
  asOf: string;
  suppliers: Array<{ supplierId: string; name: string; conditions: Condition[]; digest: string }>;
  createdAt: Date;
}

const schema = new Schema<ConditionBatchDoc>(
  { _id: String, asOf: String, suppliers: Schema.Types.Mixed, createdAt: Date },
  { versionKey: false, minimize: false },
);
schema.index({ createdAt: 1 }, { expireAfterSeconds: 2 * 86_400 });

export const ConditionBatchModel = mongoose.model<ConditionBatchDoc>('AlertConditionBatch', schema, 'alertConditionBatches');

const collection = () => ConditionBatchModel.collection as unknown as mongoose.mongo.Collection<ConditionBatchDoc>;

/** Stores (or replaces, when the batch ran again) what a batch found. */
export async function saveConditionBatch(doc: Omit<ConditionBatchDoc, 'createdAt'>): Promise<void> {
  await collection().replaceOne({ _id: doc._id }, { ...doc, createdAt: new Date() }, { upsert: true });
}

export async function conditionBatch(id: string): Promise<ConditionBatchDoc | null> {
  return collection().findOne({ _id: id });
}

export async function dropConditionBatch(id: string): Promise<void> {
  await collection().deleteOne({ _id: id });
}

/**
 * Per supplier, the digest of the conditions its last evaluation saw (see conditionsDigest). A
 * recompute that finds the same conditions hands nothing over: the alerts already say all of it.
 */
interface AlertMarkDoc {
  _id: string;
  digest: string;
}

const markSchema = new Schema<AlertMarkDoc>({ _id: String, digest: String }, { versionKey: false });
const AlertMarkModel = mongoose.model<AlertMarkDoc>('AlertMark', markSchema, 'alertMarks');
const marks = () => AlertMarkModel.collection as unknown as mongoose.mongo.Collection<AlertMarkDoc>;

export async function markDigests(supplierIds: string[]): Promise<Map<string, string>> {
  const docs = await marks()
    .find({ _id: { $in: supplierIds } })
    .toArray();
  return new Map(docs.map((d) => [d._id, d.digest]));
}

export async function setMarkDigests(entries: Array<{ supplierId: string; digest: string }>): Promise<void> {
  if (entries.length === 0) return;
  await marks().bulkWrite(
    entries.map((e) => ({ updateOne: { filter: { _id: e.supplierId }, update: { $set: { digest: e.digest } }, upsert: true } })),
    { ordered: false },
  );
}

/** Forgets what the last evaluations of these suppliers saw (their alerts are gone with them). */
export async function dropMarkDigests(supplierIds: string[]): Promise<void> {
  await marks().deleteMany({ _id: { $in: supplierIds } });
}
