/**
 * Options that change a result: `let` variables, hints that name no index, and the _id rules of
 * MongoDB 7.0 (collations have a file of their own, collation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

describe('options that change results, and what an _id may hold', () => {
  const m = useMongo();

  /** The documents a command returned, or its error code. */
  async function answer(cmd: Record<string, unknown>): Promise<{ names: string[] } | { code: number }> {
    try {
      const r = await m.db.command(cmd);
      return { names: (r.cursor.firstBatch as Array<{ name: string }>).map((d) => d.name).sort() };
    } catch (e) {
      return { code: (e as { code: number }).code };
    }
  }

  it('reads let variables in find, aggregate, update and delete', async () => {
    const c = m.db.collection('fruit');
    await c.insertMany([
      { name: 'apple', kg: 2 },
      { name: 'pear', kg: 3 },
    ]);
    expect(await answer({ find: 'fruit', filter: { $expr: { $eq: ['$name', '$$wanted'] } }, let: { wanted: 'pear' } })).toEqual({
      names: ['pear'],
    });
    const agg = await c
      .aggregate(
        [{ $match: { $expr: { $gt: ['$kg', '$$min'] } } }, { $project: { _id: 0, name: 1, price: { $multiply: ['$kg', '$$each'] } } }],
        {
          let: { min: 2, each: 5 },
        },
      )
      .toArray();
    expect(agg).toEqual([{ name: 'pear', price: 15 }]);
    const upd = await c.updateOne({ $expr: { $eq: ['$name', '$$which'] } }, [{ $set: { kg: { $add: ['$kg', '$$more'] } } }], {
      let: { which: 'apple', more: 10 },
    });
    expect(upd.modifiedCount).toBe(1);
    expect((await c.findOne({ name: 'apple' }))?.kg).toBe(12);
    // A statement's constants (c) in its update pipeline.
    const constants = await m.db.command({
      update: 'fruit',
      updates: [{ q: { name: 'pear' }, u: [{ $set: { note: '$$say' } }], c: { say: 'ripe' } }],
    });
    expect(constants.nModified).toBe(1);
    expect((await c.findOne({ name: 'pear' }))?.note).toBe('ripe');
    const del = await c.deleteMany({ $expr: { $lt: ['$kg', '$$under'] } }, { let: { under: 5 } });
    expect(del.deletedCount).toBe(1);
    expect((await c.find().toArray()).map((d) => d.name)).toEqual(['apple']);
    // let must be a document.
    const bad = await answer({ find: 'fruit', filter: {}, let: 5 });
    expect(bad).toEqual({ code: 14 });
  });

  it('takes a hint that names an index, by name or key pattern, and refuses one that names none (2)', async () => {
    const c = m.db.collection<{ _id: number; x: number }>('hinted');
    await c.insertMany([
      { _id: 1, x: 1 },
      { _id: 2, x: 2 },
    ]);
    await c.createIndex({ x: 1 });
    expect((await c.find({ x: 2 }, { hint: 'x_1' }).toArray()).map((d) => d._id)).toEqual([2]);
    expect((await c.find({ x: 2 }, { hint: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([2]);
    expect(await c.countDocuments({}, { hint: '_id_' })).toBe(2);
    expect((await serverError(c.find({}, { hint: 'nope_1' }).toArray())).code).toBe(2);
    expect((await serverError(c.aggregate([{ $match: {} }], { hint: { y: 1 } }).toArray())).code).toBe(2);
    // A write's statement with a bad hint fails alone, and changes nothing.
    const upd = await m.db.command({ update: 'hinted', updates: [{ q: { _id: 1 }, u: { $set: { x: 9 } }, hint: 'nope_1' }] });
    expect(upd.n).toBe(0);
    expect(upd.writeErrors[0]).toMatchObject({ index: 0, code: 2 });
    expect((await c.findOne({ _id: 1 }))?.x).toBe(1);
    const del = await m.db.command({ delete: 'hinted', deletes: [{ q: { _id: 1 }, limit: 1, hint: { z: 1 } }] });
    expect(del.writeErrors[0]).toMatchObject({ index: 0, code: 2 });
    expect((await c.deleteOne({ x: 1 }, { hint: { x: 1 } })).deletedCount).toBe(1);
    expect((await serverError(c.findOneAndUpdate({ _id: 2 }, { $set: { x: 3 } }, { hint: { nope: 1 } }))).code).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });

  it('answers index bounds, index keys, plans and limited collections as MongoDB does, or refuses them (238); never ignores them', async () => {
    const c = m.db.collection<{ _id: number; x: number }>('bounded');
    await c.insertMany([
      { _id: 1, x: 1 },
      { _id: 2, x: 2 },
      { _id: 3, x: 3 },
    ]);
    await c.createIndex({ x: 1 });
    const found = (cmd: Record<string, unknown>) =>
      m.db
        .command({ find: 'bounded', filter: {}, sort: { x: 1 }, ...cmd })
        .then((r) => ({ docs: r.cursor.firstBatch as unknown[] }))
        .catch((e: { code: number }) => ({ code: e.code }));
    // min inclusive, max exclusive, on the hinted index.
    expect([{ docs: [{ _id: 2, x: 2 }] }, { code: 238 }]).toContainEqual(await found({ min: { x: 2 }, max: { x: 3 }, hint: { x: 1 } }));
    expect([{ docs: [{ x: 1 }, { x: 2 }, { x: 3 }] }, { code: 238 }]).toContainEqual(await found({ returnKey: true, hint: { x: 1 } }));
    expect(await found({ tailable: true })).toEqual({ code: 2 });
    const explained = await m.db
      .command({ aggregate: 'bounded', pipeline: [{ $match: {} }], explain: true })
      .then((r) => ({ plan: !('cursor' in r) }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ plan: true }, { code: 238 }]).toContainEqual(explained);
    const capped = await m.db
      .command({ create: 'ring', capped: true, size: 4096, max: 2 })
      .then(async () => {
        await m.db.collection('ring').insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
        return { kept: await m.db.collection('ring').countDocuments() };
      })
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ kept: 2 }, { code: 238 }]).toContainEqual(capped);
  });

  it('refuses an _id document with a $-prefixed field (52), and allows one deeper down or elsewhere', async () => {
    const insert = (doc: Record<string, unknown>) => m.db.command({ insert: 'ids', documents: [doc] });
    for (const bad of [{ _id: { $b: 1 } }, { _id: { a: 1, $b: 1 } }]) {
      const r = await insert(bad);
      expect(r.n).toBe(0);
      expect(r.writeErrors[0]).toMatchObject({ index: 0, code: 52 });
    }
    for (const good of [{ _id: { 'a.b': 1 } }, { _id: 2, a: { $b: 1 } }]) expect((await insert(good)).n).toBe(1);
    expect(await m.db.collection('ids').countDocuments()).toBe(2);
  });
});
