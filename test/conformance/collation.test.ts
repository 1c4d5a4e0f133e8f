/**
 * Collations, as MongoDB documents them (reference/collation): strings compared by a locale's
 * rules in filters and sorts of find, count, distinct, aggregate, update, delete and findAndModify.
 * Where the embedded server does not apply one (a grouping stage, an index's default collation)
 * it refuses with NotImplemented (238), so each such check accepts MongoDB's answer or 238, never a
 * silently different one.
 */
import type { CollationOptions } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

const caseless = { locale: 'en', strength: 2 };

describe('collations', () => {
  const m = useMongo();
  const names = () => m.db.collection<{ _id: number; name: string }>('names');

  async function reset() {
    await names().deleteMany({});
    await names().insertMany([
      { _id: 1, name: 'apple' },
      { _id: 2, name: 'Apple' },
      { _id: 3, name: 'APPLE' },
      { _id: 4, name: 'pear' },
      { _id: 5, name: 'café' },
      { _id: 6, name: 'cafe' },
    ]);
  }

  const ids = (docs: Array<{ _id: number }>) => docs.map((d) => d._id).sort();

  it('finds case-insensitively at strength 2, accent-insensitively at strength 1, exactly at 3 and with the simple collation', async () => {
    await reset();
    // An index on the field orders strings by code point; under a collation it must not hide matches.
    await names().createIndex({ name: 1 });
    expect(ids(await names().find({ name: 'apple' }, { collation: caseless }).toArray())).toEqual([1, 2, 3]);
    expect(
      ids(
        await names()
          .find({ name: 'apple' }, { collation: { locale: 'en', strength: 3 } })
          .toArray(),
      ),
    ).toEqual([1]);
    expect(
      ids(
        await names()
          .find({ name: 'apple' }, { collation: { locale: 'simple' } })
          .toArray(),
      ),
    ).toEqual([1]);
    expect(
      ids(
        await names()
          .find({ name: 'CAFE' }, { collation: { locale: 'fr', strength: 1 } })
          .toArray(),
      ),
    ).toEqual([5, 6]);
    expect(ids(await names().find({ name: 'CAFE' }, { collation: caseless }).toArray())).toEqual([6]);
  });

  it('applies the collation to $in, $ne, $nin, $gt, $lte and inside $or and $not', async () => {
    await reset();
    const find = async (filter: Record<string, unknown>) => ids(await names().find(filter, { collation: caseless }).toArray());
    expect(await find({ name: { $in: ['APPLE', 'PEAR'] } })).toEqual([1, 2, 3, 4]);
    expect(await find({ name: { $ne: 'APPLE' } })).toEqual([4, 5, 6]);
    expect(await find({ name: { $nin: ['Apple', 'Cafe'] } })).toEqual([4, 5]);
    // The three apples are equal to "apple" under it: not greater.
    expect(await find({ name: { $gt: 'apple', $lt: 'd' } })).toEqual([5, 6]);
    expect(await find({ name: { $lte: 'APPLE' } })).toEqual([1, 2, 3]);
    expect(await find({ $or: [{ name: 'PEAR' }, { name: 'CAFE' }] })).toEqual([4, 6]);
    expect(await find({ name: { $not: { $eq: 'APPLE' } } })).toEqual([4, 5, 6]);
  });

  it('sorts by the locale: case after letter, numbers by value with numericOrdering', async () => {
    const c = m.db.collection<{ _id: number; v: string }>('sorting');
    await c.insertMany([
      { _id: 1, v: 'b' },
      { _id: 2, v: 'A' },
      { _id: 3, v: 'a' },
      { _id: 4, v: 'B' },
    ]);
    const order = async (collation?: CollationOptions) =>
      (await c.find({}, collation ? { sort: { v: 1, _id: 1 }, collation } : { sort: { v: 1, _id: 1 } }).toArray()).map((d) => d.v);
    expect(await order()).toEqual(['A', 'B', 'a', 'b']);
    expect(await order({ locale: 'en' })).toEqual(['a', 'A', 'b', 'B']);
    expect(await order({ locale: 'en', caseFirst: 'upper' })).toEqual(['A', 'a', 'B', 'b']);
    // Equal at strength 2: the tie goes to _id.
    expect(await order(caseless)).toEqual(['A', 'a', 'b', 'B']);
    const n = m.db.collection<{ _id: number; v: string }>('numbers');
    await n.insertMany([
      { _id: 1, v: '10' },
      { _id: 2, v: '9' },
      { _id: 3, v: '2' },
    ]);
    const sorted = (docs: Array<{ v: string }>) => docs.map((d) => d.v);
    expect(sorted(await n.find({}, { sort: { v: 1 } }).toArray())).toEqual(['10', '2', '9']);
    expect(sorted(await n.find({}, { sort: { v: 1 }, collation: { locale: 'en', numericOrdering: true } }).toArray())).toEqual([
      '2',
      '9',
      '10',
    ]);
  });

  it('counts, lists distinct values and aggregates under it', async () => {
    await reset();
    expect(await names().countDocuments({ name: 'APPLE' }, { collation: caseless })).toBe(3);
    // The apples are one value under it; café and cafe differ by an accent, which strength 2 keeps.
    const distinct = await names().distinct('name', {}, { collation: caseless });
    expect(distinct.map((v) => v.toLowerCase()).sort()).toEqual(['apple', 'cafe', 'café', 'pear']);
    const agg = await names()
      .aggregate(
        [{ $match: { name: 'APPLE' } }, { $project: { name: 1 } }, { $match: { name: { $ne: 'apple' } } }, { $sort: { _id: 1 } }],
        {
          collation: caseless,
        },
      )
      .toArray();
    expect(agg).toEqual([]);
    const sortedByName = await names()
      .aggregate([{ $match: { _id: { $lte: 4 } } }, { $sort: { name: -1, _id: 1 } }], { collation: caseless })
      .toArray();
    expect(sortedByName.map((d) => d._id)).toEqual([4, 1, 2, 3]);
  });

  it('updates, replaces and deletes the documents its filter matches, and findAndModify sorts by it', async () => {
    await reset();
    const upd = await names().updateMany({ name: 'APPLE' }, { $set: { fruit: true } }, { collation: caseless });
    expect(upd.modifiedCount).toBe(3);
    const one = await names().findOneAndUpdate(
      { name: 'APPLE' },
      { $set: { first: true } },
      { collation: caseless, sort: { name: 1, _id: -1 }, returnDocument: 'after' },
    );
    // Equal names under it: the tie goes to the higher _id.
    expect(one?._id).toBe(3);
    const rep = await names().replaceOne({ name: 'PEAR' }, { name: 'Pear' }, { collation: caseless });
    expect(rep.modifiedCount).toBe(1);
    const del = await names().deleteMany({ name: 'APPLE' }, { collation: caseless });
    expect(del.deletedCount).toBe(3);
    const gone = await names().findOneAndDelete({ name: 'CAFE' }, { collation: { locale: 'fr', strength: 1 }, sort: { _id: 1 } });
    expect(gone?._id).toBe(5);
    expect(ids(await names().find().toArray())).toEqual([4, 6]);
  });

  it('refuses a malformed collation: an unknown field, an unknown locale or a BCP 47 one (2), strength 6 (9)', async () => {
    const code = async (collation: Record<string, unknown>) =>
      (
        await serverError(
          names()
            .find({}, { collation: collation as never })
            .toArray(),
        )
      ).code;
    // FailedToParse (9) before MongoDB parsed collations through IDL, IDLUnknownField (40415) since.
    expect([9, 40415]).toContain(await code({ locale: 'en', colour: 1 }));
    expect(await code({ locale: 'xx_NOPE' })).toBe(2);
    expect(await code({ locale: 'en-US' })).toBe(2);
    expect([9, 51024]).toContain(await code({ locale: 'en', strength: 6 }));
    // caseFirst has no effect below strength 3 without a case level: refused, not ignored.
    expect(await code({ locale: 'en', strength: 1, caseFirst: 'upper' })).toBe(2);
  });

  it('groups by it, or refuses it (238) where the embedded server does not apply one; nothing is written when refused', async () => {
    await reset();
    const grouped = await names()
      .aggregate([{ $group: { _id: '$name', n: { $sum: 1 } } }], { collation: caseless })
      .toArray()
      .then((r) => ({ groups: r.length }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ groups: 4 }, { code: 238 }]).toContainEqual(grouped);
    const pulled = await m.db
      .collection('baskets')
      .insertOne({ _id: 1 as never, items: ['Apple', 'pear'] })
      .then(() =>
        m.db.collection('baskets').updateOne({ _id: 1 as never }, { $pull: { items: 'apple' } as never }, { collation: caseless }),
      )
      .then((r) => ({ modified: r.modifiedCount }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ modified: 1 }, { code: 238 }]).toContainEqual(pulled);
    if ('code' in pulled) expect((await m.db.collection('baskets').findOne({ _id: 1 as never }))?.items).toEqual(['Apple', 'pear']);
    const index = await names()
      .createIndex({ name: 1 }, { collation: caseless, name: 'caseless' })
      .then(() => ({ created: true }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ created: true }, { code: 238 }]).toContainEqual(index);
  });

  it("refuses to read a view with a collation other than the view's own (167)", async () => {
    await reset();
    await m.db.createCollection('apples', { viewOn: 'names', pipeline: [{ $match: { _id: { $lte: 3 } } }] });
    expect((await serverError(m.db.collection('apples').find({ name: 'APPLE' }, { collation: caseless }).toArray())).code).toBe(167);
    expect(await m.db.collection('apples').countDocuments({ name: 'apple' })).toBe(1);
  });
});
