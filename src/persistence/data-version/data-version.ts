/**
 * A number that goes up whenever imported data or reference rates change. Pages computed from that
 * data (the supplier status page) are kept while it stays the same, in every API process: one read
 * of a one-document collection tells a process whether what it kept is still current.
 */
import mongoose, { Schema } from 'mongoose';

interface DataVersionDoc {
  _id: string;
  v: number;
}

const schema = new Schema<DataVersionDoc>({ _id: String, v: Number }, { versionKey: false });
const DataVersionModel = mongoose.model<DataVersionDoc>('DataVersion', schema, 'dataVersion');
// Through the driver: one tiny document, read on every status page; mongoose's casting is not needed.
const collection = () => DataVersionModel.collection as unknown as mongoose.mongo.Collection<DataVersionDoc>;

const ID = 'data';

export async function bumpDataVersion(): Promise<void> {
  await collection().updateOne({ _id: ID }, { $inc: { v: 1 } }, { upsert: true });
}

export async function dataVersion(): Promise<number> {
  const doc = await collection().findOne({ _id: ID });
  return doc?.v ?? 0;
}
