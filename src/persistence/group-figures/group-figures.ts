/**
 * The overview's group figures of a day, kept with the data version they were computed at: valid
 * while that version is current. A worker keeps them after each recompute run, so the first overview
 * after an import reads one document instead of every supplier's snapshot and every invoice.
 */
import mongoose, { Schema } from 'mongoose';

interface GroupFiguresDoc {
  /** The as-of date and what else the figures depend on (see the service). */
  _id: string;
  /** The data version read before they were computed. */
  version: number;
  figures: unknown;
  computedAt: Date;
}

const schema = new Schema<GroupFiguresDoc>(
  { _id: String, version: Number, figures: Schema.Types.Mixed, computedAt: Date },
  { versionKey: false, minimize: false },
);
const GroupFiguresModel = mongoose.model<GroupFiguresDoc>('GroupFigures', schema, 'groupFigures');
const collection = () => GroupFiguresModel.collection as unknown as mongoose.mongo.Collection<GroupFiguresDoc>;

/** The figures kept under `key` if they were computed at `version`, else null. */
export async function keptFigures<T>(key: string, version: number): Promise<T | null> {
  const doc = await collection().findOne({ _id: key, version });
  return doc ? (doc.figures as T) : null;
}

/** Keeps figures computed at `version`; an older version never replaces a newer one. */
export async function keepFigures(key: string, version: number, figures: unknown): Promise<void> {
  try {
    await collection().updateOne(
      { _id: key, version: { $lt: version } },
      { $set: { version, figures, computedAt: new Date() } },
      { upsert: true },
    );
  } catch (e) {
    // Another process kept figures of this or a newer version first: the upsert's insert collided.
    if ((e as { code?: number }).code !== 11000) throw e;
  }
}
