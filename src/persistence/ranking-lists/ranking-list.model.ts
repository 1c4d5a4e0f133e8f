import mongoose, { Schema } from 'mongoose';

/**
 * The order of a ranking as its first page saw it: the supplier ids matching a filter, in a sort, on
 * one day, at one data version. Cursors point into it, so a recompute between two pages skips or
 * repeats no supplier. Its id is made of what it is of, so every API process finds the same list.
 */
export interface RankingListDoc {
  _id: string;
  asOf: string;
  ids: string[];
  createdAt: Date;
}

const schema = new Schema<RankingListDoc>({ _id: String, asOf: String, ids: [String], createdAt: Date }, { versionKey: false });
// Lists older than a day are removed when a new one is made (and expire on MongoDB).
schema.index({ createdAt: 1 }, { expireAfterSeconds: 86_400 });

export const RankingListModel = mongoose.model<RankingListDoc>('RankingList', schema, 'rankingLists');

const collection = () => RankingListModel.collection as unknown as mongoose.mongo.Collection<RankingListDoc>;

export async function findRankingList(id: string): Promise<RankingListDoc | null> {
  return collection().findOne({ _id: id });
}

export async function saveRankingList(doc: Omit<RankingListDoc, 'createdAt'>): Promise<void> {
  const now = new Date();
  await collection().updateOne({ _id: doc._id }, { $setOnInsert: { asOf: doc.asOf, ids: doc.ids, createdAt: now } }, { upsert: true });
  await collection().deleteMany({ createdAt: { $lt: new Date(now.getTime() - 86_400_000) } });
}
