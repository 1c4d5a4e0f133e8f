/**
 * Telling documents the server refused from documents it never got: both come back from an unordered
 * insertMany as a MongoBulkWriteError.
 */
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { duplicateKeys, refusedWrites } from '../../src/persistence/refused-writes.ts';
import { freshDatabase, realMongo, useMongo } from '../support/mongo.ts';

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the insert to fail');
}

describe('refused writes of an unordered insertMany', () => {
  const mongo = useMongo();

  it('names the documents refused for a duplicate key, when all the others were inserted', async () => {
    const coll = mongo.db.collection('refused');
    await coll.createIndex({ key: 1 }, { unique: true });
    await coll.insertMany([{ key: 'b' }, { key: 'd' }]);
    const e = await thrown(coll.insertMany([{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd' }], { ordered: false }));
    expect(duplicateKeys(e, 4)).toEqual([1, 3]);
    expect(refusedWrites(e, 4).map((w) => w.code)).toEqual([11000, 11000]);
    expect(await coll.countDocuments()).toBe(4);
  });

  it('throws on an error that is not a refusal, so its documents are not taken as written', async () => {
    const coll = mongo.db.collection('refused_other');
    await coll.insertOne({ _id: 1 as never });
    // Refused for something else than a duplicate: an array _id.
    const e = await thrown(coll.insertMany([{ _id: 1 as never }, { _id: [2] as never }], { ordered: false }));
    expect(() => duplicateKeys(e, 2)).toThrow(e as Error);
    expect(refusedWrites(e, 2)).toHaveLength(2);
  });

  it.skipIf(realMongo)('throws when the server went away: no write errors, and documents never stored', async () => {
    const fresh = await freshDatabase('gone');
    const client = new MongoClient(fresh.uri, { serverSelectionTimeoutMS: 300 });
    await client.connect();
    const coll = client.db(fresh.dbName).collection('gone');
    await coll.insertOne({ warm: true });
    await fresh.server?.close();
    const e = await thrown(coll.insertMany([{ a: 1 }, { a: 2 }], { ordered: false }));
    await client.close();
    // The driver's own wrapping: exactly what was once taken for "every document inserted".
    expect((e as Error).name).toBe('MongoBulkWriteError');
    expect((e as { writeErrors: unknown[] }).writeErrors).toEqual([]);
    expect(() => duplicateKeys(e, 2)).toThrow(e as Error);
    expect(() => refusedWrites(e, 2)).toThrow(e as Error);
  });
});
