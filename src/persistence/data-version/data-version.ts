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
  recent = null;
}

/**
 * The current version. Requests that ask at the same time share one read, and a read is reused for
 * REUSE_MS (a bump in this process ends that at once): under load an API process reads this document
 * a few times a second instead of once per request, and sees another process's bump within REUSE_MS.
 */
const REUSE_MS = 250;
let recent: { at: number; value: Promise<number> } | null = null;

export function dataVersion(): Promise<number> {
  const now = Date.now();
  if (recent && now - recent.at < REUSE_MS) return recent.value;
  const value = collection()
    .findOne({ _id: ID })
    .then((doc) => doc?.v ?? 0);
  const mine = { at: now, value };
  recent = mine;
  // A failed read is not reused.
  value.catch(() => {
    if (recent === mine) recent = null;
  });
  return value;
}
