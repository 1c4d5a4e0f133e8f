/**
 * Options that change a result: `let` variables, and the _id rules of MongoDB 7.0 (collations have
 * a file of their own, collation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { useMongo } from '../support/mongo.ts';

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
    const del = await c.deleteMany({ $expr: { $lt: ['$kg', '$$under'] } }, { let: { under: 5 } });
    expect(del.deletedCount).toBe(1);
    expect((await c.find().toArray()).map((d) => d.name)).toEqual(['apple']);
    // let must be a document.
    const bad = await answer({ find: 'fruit', filter: {}, let: 5 });
    expect(bad).toEqual({ code: 14 });
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
