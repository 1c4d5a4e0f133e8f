import { type MongoBulkWriteError, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

describe('insert, update, delete and findAndModify', () => {
  const m = useMongo();

  it('reports duplicate keys in an ordered batch by index, key pattern and key value, and stops there', async () => {
    const c = m.db.collection('ordered');
    await c.createIndex({ org: 1, no: 1 }, { unique: true });
    const e = (await serverError(
      c.insertMany([
        { org: 'a', no: 1 },
        { org: 'a', no: 1 },
        { org: 'a', no: 2 },
      ]),
    )) as unknown as MongoBulkWriteError;
    expect(e.code).toBe(11000);
    const we = e.writeErrors as unknown as Array<{
      index: number;
      code: number;
      errInfo?: unknown;
      err: { keyPattern?: unknown; keyValue?: unknown };
    }>;
    const first = Array.isArray(we) ? we[0] : (we as never);
    expect(first.index).toBe(1);
    expect(first.code).toBe(11000);
    expect(e.result.insertedCount).toBe(1);
    expect(await c.countDocuments()).toBe(1);
    const raw = await m.db.command({ insert: 'ordered', documents: [{ org: 'a', no: 1 }] });
    expect(raw.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyPattern: { org: 1, no: 1 }, keyValue: { org: 'a', no: 1 } });
    expect(raw.writeErrors[0].errmsg).toMatch(/E11000 duplicate key error/);
  });

  it('goes on after an error in an unordered batch', async () => {
    const c = m.db.collection('unordered');
    const id = new ObjectId();
    const raw = await m.db.command({ insert: 'unordered', ordered: false, documents: [{ _id: id }, { _id: id }, { _id: new ObjectId() }] });
    expect(raw.n).toBe(2);
    expect(raw.writeErrors.map((w: { index: number }) => w.index)).toEqual([1]);
    expect(await c.countDocuments()).toBe(2);
  });

  it('updates one or many, and counts only real changes as modified', async () => {
    const c = m.db.collection('upd');
    await c.insertMany([
      { k: 1, v: 'x' },
      { k: 1, v: 'y' },
      { k: 2, v: 'x' },
    ]);
    const one = await c.updateOne({ k: 1 }, { $set: { v: 'x' } });
    expect(one.matchedCount).toBe(1);
    // The first k:1 document already has v:'x', so setting it again modifies nothing.
    expect(one.modifiedCount).toBe(0);
    const many = await c.updateMany({ k: 1 }, { $set: { v: 'x' } });
    expect(many.matchedCount).toBe(2);
    expect(many.modifiedCount).toBe(1);
    const again = await c.updateMany({ k: 1 }, { $set: { v: 'x' } });
    expect(again.modifiedCount).toBe(0);
    const inc = await c.updateMany({}, { $inc: { n: 1 } });
    expect(inc.modifiedCount).toBe(3);
  });

  it('upserts: seeds the new document from the filter equalities and returns its id', async () => {
    const c = m.db.collection('ups');
    const r = await c.updateOne(
      { org: 'o', 'inv.no': 'F-1', amount: { $gt: 5 } },
      { $set: { x: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(r.upsertedCount).toBe(1);
    const doc = await c.findOne({ _id: r.upsertedId as ObjectId });
    expect(doc).toMatchObject({ org: 'o', inv: { no: 'F-1' }, x: 1, created: true });
    expect(doc).not.toHaveProperty('amount');
    const r2 = await c.updateOne({ org: 'o', 'inv.no': 'F-1' }, { $set: { x: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(r2.upsertedCount).toBe(0);
    expect(await c.findOne({ org: 'o' })).toMatchObject({ x: 2, created: true });
    const raw = await m.db.command({
      update: 'ups',
      updates: [
        { q: { org: 'p' }, u: { $set: { y: 1 } }, upsert: true },
        { q: { org: 'o' }, u: { $set: { y: 1 } }, upsert: true },
        { q: { _id: 'given' }, u: { z: 1 }, upsert: true },
      ],
    });
    expect(raw.n).toBe(3);
    expect(raw.nModified).toBe(1);
    expect(raw.upserted.map((u: { index: number }) => u.index)).toEqual([0, 2]);
    expect(raw.upserted[1]._id).toBe('given');
    expect(await c.findOne({ _id: 'given' as never })).toEqual({ _id: 'given', z: 1 });
  });

  it('unsets fields, and counts unsetting a missing field as no change', async () => {
    const c = m.db.collection('unset');
    const { insertedId } = await c.insertOne({ a: 1, b: 2, n: { x: 1, y: 2 } });
    expect((await c.updateOne({ _id: insertedId }, { $set: { a: 2 }, $unset: { b: '', 'n.y': '' } })).modifiedCount).toBe(1);
    expect(await c.findOne({ _id: insertedId }, { projection: { _id: 0 } })).toEqual({ a: 2, n: { x: 1 } });
    expect((await c.updateOne({ _id: insertedId }, { $unset: { b: '' } })).modifiedCount).toBe(0);
  });

  it('replaces a whole document, keeping its _id', async () => {
    const c = m.db.collection('repl');
    const { insertedId } = await c.insertOne({ a: 1, b: 2 });
    await c.replaceOne({ _id: insertedId }, { c: 3 });
    expect(await c.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
  });

  it('keeps the _id when an update pipeline replaces the root with a document without one', async () => {
    const c = m.db.collection('piperoot');
    await c.insertOne({ _id: 7 as never, a: { x: 1, y: 2 }, b: 3 });
    const r = await c.updateOne({ _id: 7 as never }, [{ $replaceRoot: { newRoot: '$a' } }]);
    expect(r.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 7 as never })).toEqual({ _id: 7, x: 1, y: 2 });
    // One that names another _id changes the immutable field: refused (66), nothing changed.
    const e = await serverError(c.updateOne({ _id: 7 as never }, [{ $replaceWith: { _id: 8, z: 1 } }]));
    expect(e.code).toBe(66);
    expect(await c.findOne({ _id: 7 as never })).toEqual({ _id: 7, x: 1, y: 2 });
  });

  it('applies array operators and arrayFilters', async () => {
    const c = m.db.collection<{ lines: Array<{ q: number; flag?: boolean }>; tags: string[] }>('arr');
    const { insertedId } = await c.insertOne({ lines: [{ q: 1 }, { q: 5 }, { q: 9 }], tags: ['a'] });
    await c.updateOne(
      { _id: insertedId },
      { $set: { 'lines.$[big].flag': true }, $addToSet: { tags: 'b' } },
      { arrayFilters: [{ 'big.q': { $gt: 4 } }] },
    );
    await c.updateOne({ _id: insertedId }, { $push: { tags: 'c' }, $pull: { lines: { q: 1 } } });
    expect(await c.findOne({ _id: insertedId }, { projection: { _id: 0 } })).toEqual({
      lines: [
        { q: 5, flag: true },
        { q: 9, flag: true },
      ],
      tags: ['a', 'b', 'c'],
    });
  });

  it('rejects bad updates with MongoDB codes and changes nothing', async () => {
    const c = m.db.collection('badupd');
    const { insertedId } = await c.insertOne({ a: 1 });
    expect((await serverError(c.updateOne({ _id: insertedId }, { $set: { _id: 5 } }))).code).toBe(66); // ImmutableField
    expect((await serverError(c.updateOne({ _id: insertedId }, { $set: { a: 1 }, $inc: { a: 1 } }))).code).toBe(40); // ConflictingUpdateOperators
    const raw = await m.db.command({ update: 'badupd', updates: [{ q: {}, u: { $frob: { a: 1 } } }] });
    expect(raw.writeErrors[0]).toMatchObject({ index: 0, code: 9 }); // FailedToParse: unknown modifier
    expect(await c.findOne({ _id: insertedId })).toEqual({ _id: insertedId, a: 1 });
  });

  it('refuses $inc and $mul on a value that is not a number, or with an argument that is not one (TypeMismatch, 14)', async () => {
    const c = m.db.collection('incmismatch');
    const { insertedId } = await c.insertOne({ s: 'text', n: 1, z: null, o: { x: 1 } });
    for (const u of [
      { $inc: { s: 1 } },
      { $inc: { z: 1 } },
      { $inc: { o: 1 } },
      { $mul: { s: 2 } },
      { $inc: { n: '1' } },
      { $mul: { n: 'x' } },
    ]) {
      const e = await serverError(c.updateOne({ _id: insertedId }, u as never));
      expect(e.code, JSON.stringify(u)).toBe(14);
    }
    // A missing field is created; a number is incremented.
    await c.updateOne({ _id: insertedId }, { $inc: { n: 2, fresh: 5 } });
    expect(await c.findOne({ _id: insertedId })).toMatchObject({ s: 'text', n: 3, fresh: 5 });
  });

  it('enforces unique, sparse and partial indexes on update as on insert', async () => {
    const c = m.db.collection('uniq');
    await c.createIndex({ email: 1 }, { unique: true, sparse: true });
    await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([{ n: 1 }, { n: 2 }]); // sparse: two documents without email are fine
    await c.insertMany([
      { code: 'X', active: false },
      { code: 'X', active: false },
      { code: 'X', active: true },
    ]);
    expect((await serverError(c.insertOne({ code: 'X', active: true }))).code).toBe(11000);
    await c.insertOne({ email: 'a@x' });
    const { insertedId } = await c.insertOne({ email: 'b@x' });
    expect((await serverError(c.updateOne({ _id: insertedId }, { $set: { email: 'a@x' } }))).code).toBe(11000);
    expect(await c.countDocuments({ email: 'b@x' })).toBe(1);
  });

  it('deletes one or all matching documents', async () => {
    const c = m.db.collection('del');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
    expect((await c.deleteMany({ k: 99 })).deletedCount).toBe(0);
    expect(await c.countDocuments()).toBe(1);
  });

  it('findAndModify returns the document before or after, upserts, removes, and honours sort', async () => {
    const c = m.db.collection('fam');
    await c.insertMany([
      { q: 'a', n: 1 },
      { q: 'a', n: 2 },
    ]);
    const before = await c.findOneAndUpdate({ q: 'a' }, { $inc: { n: 10 } }, { sort: { n: -1 }, returnDocument: 'before' });
    expect(before?.n).toBe(2);
    const after = await c.findOneAndUpdate(
      { q: 'a' },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, returnDocument: 'after', projection: { _id: 0, n: 1 } },
    );
    expect(after).toEqual({ n: 22 });
    const up = await c.findOneAndUpdate(
      { q: 'new' },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(up.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(up.value?.q).toBe('new');
    const removed = await c.findOneAndDelete({ q: 'a' }, { sort: { n: 1 } });
    expect(removed?.n).toBe(1);
    expect(await c.countDocuments()).toBe(2);
    expect(await c.findOneAndUpdate({ q: 'none' }, { $set: { n: 1 } })).toBeNull();
  });
});
