import mongoose from 'mongoose';

export interface RefusedWrite {
  /** The refused document's position in the batch. */
  index: number;
  code: number;
  errmsg?: string;
}

/**
 * The documents an unordered insertMany had refused, when that is all that went wrong: every other
 * document of the batch was inserted. The driver throws the same MongoBulkWriteError, with no write
 * errors, when the connection is lost or the server goes away mid-batch; those documents were never
 * stored, so that error is thrown on (taking it for "nothing refused" counted rows as imported that
 * a database restart had dropped).
 */
export function refusedWrites(e: unknown, attempted: number): RefusedWrite[] {
  if (!(e instanceof mongoose.mongo.MongoBulkWriteError)) throw e;
  const refused = [e.writeErrors].flat() as unknown as RefusedWrite[];
  if (refused.length === 0 || e.result.getWriteConcernError() || e.insertedCount + refused.length !== attempted) throw e;
  return refused;
}

/** The refused documents of `refusedWrites`, when every refusal is a duplicate key; otherwise throws `e`. */
export function duplicateKeys(e: unknown, attempted: number): number[] {
  const refused = refusedWrites(e, attempted);
  if (refused.some((w) => w.code !== 11000)) throw e;
  return refused.map((w) => w.index);
}
