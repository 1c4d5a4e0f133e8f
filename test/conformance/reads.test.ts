import { Long, MaxKey, MinKey, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { realMongo, serverError, useMongo } from '../support/mongo.ts';

describe('find, cursors, aggregate, count, distinct', () => {
  const m = useMongo();

  it('filters, sorts, projects, skips and limits', async () => {
    const c = m.db.collection('f');
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ i, even: i % 2 === 0, tag: `t${i % 3}`, sub: { x: i } })));
    const docs = await c
      .find({ even: true, i: { $gte: 4 } }, { projection: { _id: 0, i: 1, 'sub.x': 1 } })
      .sort({ i: -1 })
      .skip(1)
      .limit(3)
      .toArray();
    expect(docs).toEqual([
      { i: 16, sub: { x: 16 } },
      { i: 14, sub: { x: 14 } },
      { i: 12, sub: { x: 12 } },
    ]);
    const excluded = await c.findOne({ i: 3 }, { projection: { sub: 0, _id: 0 } });
    expect(excluded).toEqual({ i: 3, even: false, tag: 't0' });
    expect(await c.countDocuments({ tag: { $in: ['t1', 't2'] } })).toBe(13);
  });

  it('finds a document once through a multikey index, whichever of its values match', async () => {
    const c = m.db.collection('multi');
    await c.createIndex({ tags: 1, n: 1 });
    await c.insertMany([
      { name: 'a', tags: ['x', 'y'], n: 1 },
      { name: 'b', tags: 'x', n: 1 },
      { name: 'c', tags: ['z'], n: 2 },
    ]);
    const names = async (filter: object) => (await c.find(filter).toArray()).map((d) => d.name as string).sort();
    expect(await names({ tags: { $in: ['x', 'y'] } })).toEqual(['a', 'b']);
    expect(await names({ tags: { $in: ['x', 'y', 'z'] }, n: { $in: [1, 2] } })).toEqual(['a', 'b', 'c']);
    expect(await names({ tags: 'y' })).toEqual(['a']);
    expect(await c.countDocuments({ tags: { $in: ['x', 'y', 'x'] } })).toBe(2);
  });

  it('sorts across types in BSON order and arrays by their smallest element', async () => {
    const c = m.db.collection('order');
    const oid = new ObjectId();
    const d = new Date('2025-01-01');
    await c.insertMany([
      { k: 'max', v: new MaxKey() },
      { k: 'date', v: d },
      { k: 'bool', v: true },
      { k: 'oid', v: oid },
      { k: 'arr', v: [7, 1] },
      { k: 'obj', v: { a: 1 } },
      { k: 'str', v: 'abc' },
      { k: 'num', v: 3 },
      { k: 'null', v: null },
      { k: 'missing' },
      { k: 'min', v: new MinKey() },
    ]);
    const keys = (
      await c
        .find({}, { projection: { k: 1 } })
        .sort({ v: 1, k: 1 })
        .toArray()
    ).map((x) => x.k);
    expect(keys).toEqual(['min', 'missing', 'null', 'arr', 'num', 'str', 'obj', 'oid', 'bool', 'date', 'max']);
  });

  it('returns 101 documents in the first batch, the rest by getMore, then closes the cursor', async () => {
    const c = m.db.collection('batches');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const first = await m.db.command({ find: 'batches', filter: {}, sort: { i: 1 } }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(first.cursor.ns).toBe(`${m.dbName}.batches`);
    const id = first.cursor.id as Long;
    expect(id.isZero()).toBe(false);
    const more = await m.db.command({ getMore: id, collection: 'batches', batchSize: 100 }, { promoteLongs: false });
    expect(more.cursor.nextBatch.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: 100 }, (_, i) => i + 101));
    const last = await m.db.command({ getMore: id, collection: 'batches' }, { promoteLongs: false });
    expect(last.cursor.nextBatch).toHaveLength(49);
    expect((last.cursor.id as Long).isZero()).toBe(true);
    expect((await serverError(m.db.command({ getMore: id, collection: 'batches' }))).code).toBe(43);
    expect(await c.find().batchSize(7).toArray()).toHaveLength(250);
  });

  it('splits large documents over batches that each fit in a 16 MiB reply', async () => {
    const c = m.db.collection('large');
    const blob = 'x'.repeat(400 * 1024);
    for (let i = 0; i < 80; i += 20) await c.insertMany(Array.from({ length: 20 }, (_, j) => ({ i: i + j, blob })));
    const all = await c.find({}).batchSize(1000).sort({ i: 1 }).toArray();
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    const first = await m.db.command({ find: 'large', filter: {}, batchSize: 1000 }, { promoteLongs: false });
    expect(first.cursor.firstBatch.length).toBeLessThan(80);
    expect(first.cursor.firstBatch.length).toBeGreaterThan(0);
  });

  it('measures a document again when an update has grown it', async () => {
    const c = m.db.collection('grown');
    await c.insertMany(Array.from({ length: 80 }, (_, i) => ({ i })));
    // Read while still small, so that a size remembered from before the update would be wrong.
    expect(await c.find({}).toArray()).toHaveLength(80);
    await c.updateMany({}, { $set: { blob: 'x'.repeat(400 * 1024) } });
    const first = await m.db.command({ find: 'grown', filter: {}, batchSize: 1000 }, { promoteLongs: false });
    expect(first.cursor.firstBatch.length).toBeLessThan(80);
    expect(first.cursor.firstBatch.length).toBeGreaterThan(0);
  });

  it('kills cursors and then reports them not found (43)', async () => {
    const first = await m.db.command({ find: 'batches', filter: {}, batchSize: 2 }, { promoteLongs: false });
    const id = first.cursor.id as Long;
    const killed = await m.db.command({ killCursors: 'batches', cursors: [id, Long.fromNumber(123456789)] }, { promoteLongs: false });
    expect(killed.cursorsKilled.map(String)).toEqual([id.toString()]);
    expect(killed.cursorsNotFound.map(String)).toEqual(['123456789']);
    const e = await serverError(m.db.command({ getMore: id, collection: 'batches' }));
    expect(e.code).toBe(43);
    expect(e.codeName).toBe('CursorNotFound');
  });

  it.skipIf(realMongo)('closes an idle cursor after the idle timeout', async () => {
    const first = await m.db.command({ find: 'batches', filter: {}, batchSize: 2 }, { promoteLongs: false });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await serverError(m.db.command({ getMore: first.cursor.id, collection: 'batches' }))).code).toBe(43);
  });

  it('aggregates with $match, $group, $sort, $project and $lookup', async () => {
    const inv = m.db.collection('inv');
    const sup = m.db.collection('sup');
    await sup.insertMany([
      { _id: 's1' as never, name: 'Bakker' },
      { _id: 's2' as never, name: 'Smid' },
    ]);
    await inv.insertMany([
      { s: 's1', amt: 100 },
      { s: 's1', amt: 50 },
      { s: 's2', amt: 10 },
      { s: 's2', amt: -5 },
    ]);
    const out = await inv
      .aggregate([
        { $match: { amt: { $gt: 0 } } },
        { $group: { _id: '$s', total: { $sum: '$amt' }, n: { $sum: 1 } } },
        { $lookup: { from: 'sup', localField: '_id', foreignField: '_id', as: 'sup' } },
        { $project: { _id: 1, total: 1, n: 1, name: { $first: '$sup.name' } } },
        { $sort: { total: -1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 's1', total: 150, n: 2, name: 'Bakker' },
      { _id: 's2', total: 10, n: 1, name: 'Smid' },
    ]);
    expect((await serverError(m.db.command({ aggregate: 'inv', pipeline: [] }))).code).toBe(9);
  });

  it('writes an aggregation to a collection with $out: its documents replaced, its indexes kept, all or nothing', async () => {
    const src = m.db.collection('sales');
    await src.insertMany([
      { region: 'north', amount: 10 },
      { region: 'south', amount: 5 },
      { region: 'north', amount: 7 },
    ]);
    const totals = m.db.collection('totals');
    await totals.insertOne({ _id: 'old' as never, total: 0 });
    await totals.createIndex({ total: 1 }, { unique: true });
    const pipeline = [{ $group: { _id: '$region', total: { $sum: '$amount' } } }, { $out: 'totals' }];
    expect(await src.aggregate(pipeline).toArray()).toEqual([]);
    expect(await totals.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'north', total: 17 },
      { _id: 'south', total: 5 },
    ]);
    expect((await totals.indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'total_1']);
    // Two results with one total break the unique index: refused, and the collection stays as it was.
    await src.insertOne({ region: 'east', amount: 5 });
    const e = await serverError(src.aggregate(pipeline).toArray());
    expect(e.code).toBe(11000);
    expect(await totals.countDocuments()).toBe(2);
    // Only as the last stage.
    const misplaced = await serverError(src.aggregate([{ $out: 'x' }, { $match: {} }]).toArray());
    expect(misplaced.code).toBe(40601);
  });

  it('merges an aggregation into a collection with $merge, by _id or by uniquely indexed fields, in each mode', async () => {
    const src = m.db.collection('week');
    await src.insertMany([
      { region: 'north', amount: 10 },
      { region: 'south', amount: 5 },
    ]);
    const group = { $group: { _id: '$region', total: { $sum: '$amount' } } };
    const into = m.db.collection('running');
    await into.insertOne({ _id: 'north' as never, total: 1, note: 'kept' });
    // Defaults: a match is merged (its other fields kept), anything else inserted; the cursor is empty.
    expect(await src.aggregate([group, { $merge: { into: 'running' } }]).toArray()).toEqual([]);
    expect(await into.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'north', total: 10, note: 'kept' },
      { _id: 'south', total: 5 },
    ]);
    // A pipeline for matches: $$new is the result.
    await src
      .aggregate([group, { $merge: { into: 'running', whenMatched: [{ $set: { total: { $add: ['$total', '$$new.total'] } } }] } }])
      .toArray();
    expect((await into.findOne({ _id: 'north' as never }))?.total).toBe(20);
    await src.aggregate([group, { $merge: { into: 'running', whenMatched: 'replace' } }]).toArray();
    expect(await into.findOne({ _id: 'north' as never })).toEqual({ _id: 'north', total: 10 });
    await src.insertOne({ region: 'east', amount: 1 });
    await src.aggregate([group, { $merge: { into: 'running', whenMatched: 'keepExisting', whenNotMatched: 'discard' } }]).toArray();
    expect(await into.countDocuments()).toBe(2);
    expect((await serverError(src.aggregate([group, { $merge: { into: 'running', whenMatched: 'fail' } }]).toArray())).code).toBe(11000);
    expect((await serverError(src.aggregate([group, { $merge: { into: 'running', whenNotMatched: 'fail' } }]).toArray())).code).toBe(13113);

    // By another field: only with a unique index on it.
    const byRegion = m.db.collection('by_region');
    const project = { $project: { _id: 0, region: '$_id', total: 1 } };
    const onRegion = { $merge: { into: 'by_region', on: 'region' } };
    expect((await serverError(src.aggregate([group, project, onRegion]).toArray())).code).toBe(51183);
    await byRegion.createIndex({ region: 1 }, { unique: true });
    await byRegion.insertOne({ region: 'north', total: 0, since: 2020 });
    await src.aggregate([group, project, onRegion]).toArray();
    expect(
      await byRegion
        .find({}, { projection: { _id: 0 } })
        .sort({ region: 1 })
        .toArray(),
    ).toEqual([
      { region: 'east', total: 1 },
      { region: 'north', total: 10, since: 2020 },
      { region: 'south', total: 5 },
    ]);
  });

  it('aggregates documents given in the pipeline against the database ($documents)', async () => {
    const docs = await m.db
      .aggregate([
        { $documents: [{ x: 1 }, { x: 2 }, { x: 3 }] },
        { $match: { x: { $gte: 2 } } },
        { $project: { _id: 0, y: { $multiply: ['$x', 10] } } },
      ])
      .toArray();
    expect(docs).toEqual([{ y: 20 }, { y: 30 }]);
    // Without $documents first there is nothing to read: MongoDB asks for a collection (73).
    const e = await serverError(m.db.aggregate([{ $match: {} }]).toArray());
    expect(e.code).toBe(73);
  });

  it('counts with skip and limit, and lists distinct values with arrays unwound', async () => {
    const c = m.db.collection('cd');
    await c.insertMany([{ t: ['a', 'b'] }, { t: 'b' }, { t: 'c' }, { u: 1 }]);
    expect((await m.db.command({ count: 'cd', query: { t: { $exists: true } } })).n).toBe(3);
    expect((await m.db.command({ count: 'cd', skip: 1, limit: 2 })).n).toBe(2);
    expect((await c.distinct('t')).sort()).toEqual(['a', 'b', 'c']);
    expect(await c.distinct('t', { t: 'c' })).toEqual(['c']);
    expect(await m.db.collection('nothing-here').countDocuments()).toBe(0);
  });

  it('sorts by insertion order reversed with $natural: -1, refuses a direction other than 1 or -1 (15975), projects a matched element with $ or refuses it (238)', async () => {
    const c = m.db.collection<{ _id: number; a?: number[] }>('natural');
    await c.insertMany([{ _id: 2, a: [1, 2, 3] }, { _id: 1, a: [2] }, { _id: 3 }]);
    expect((await c.find({}, { sort: { $natural: -1 } }).toArray()).map((d) => d._id)).toEqual([3, 1, 2]);
    expect((await c.find({}, { sort: { $natural: -1 }, limit: 1 }).toArray()).map((d) => d._id)).toEqual([3]);
    expect((await serverError(m.db.command({ find: 'natural', sort: { _id: 2 } }))).code).toBe(15975);
    const positional = await c
      .find({ a: 2 }, { projection: { 'a.$': 1 }, sort: { _id: 1 } })
      .toArray()
      .then((docs) => ({ docs }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([
      {
        docs: [
          { _id: 1, a: [2] },
          { _id: 2, a: [2] },
        ],
      },
      { code: 238 },
    ]).toContainEqual(positional);
  });

  it('projects the first matching element with $elemMatch, or refuses a condition on the elements themselves (238)', async () => {
    const c = m.db.collection<{ _id: number; a: unknown[] }>('elem');
    await c.insertMany([
      { _id: 1, a: [{ b: 1 }, { b: 2 }, { b: 2, c: 1 }] },
      { _id: 2, a: [1, 2, 3] },
    ]);
    const docs = await c.find({ _id: 1 }, { projection: { a: { $elemMatch: { b: 2 } } } }).toArray();
    expect(docs).toEqual([{ _id: 1, a: [{ b: 2 }] }]);
    const values = await c
      .find({ _id: 2 }, { projection: { a: { $elemMatch: { $gt: 1 } } } })
      .toArray()
      .then((d) => ({ docs: d }))
      .catch((e: { code: number }) => ({ code: e.code }));
    expect([{ docs: [{ _id: 2, a: [2] }] }, { code: 238 }]).toContainEqual(values);
  });

  it('samples distinct documents with $sample, never one twice', async () => {
    const c = m.db.collection('sampled');
    await c.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i as never })));
    for (let round = 0; round < 20; round++) {
      const two = (await c.aggregate([{ $sample: { size: 2 } }]).toArray()).map((d) => d._id);
      expect(new Set(two).size).toBe(2);
    }
    const all = (await c.aggregate([{ $sample: { size: 10 } }]).toArray()).map((d) => d._id as unknown as number);
    expect(all.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('estimates a count, through count and through $collStats as the first stage only (40602)', async () => {
    const c = m.db.collection('estimated');
    await c.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(await c.estimatedDocumentCount()).toBe(3);
    const [stats] = await c.aggregate([{ $collStats: { count: {} } }]).toArray();
    expect(stats).toMatchObject({ ns: `${m.dbName}.estimated`, count: 3 });
    // The pipeline drivers sent for estimatedDocumentCount; a missing collection counts 0.
    const summed = (name: string) =>
      m.db
        .collection(name)
        .aggregate([{ $collStats: { count: {} } }, { $group: { _id: 1, n: { $sum: '$count' } } }])
        .toArray()
        .then((r) => r[0]?.n ?? 0)
        .catch((e: { code: number }) => (e.code === 26 ? 0 : Promise.reject(e)));
    expect(await summed('estimated')).toBe(3);
    expect(await summed('never-made')).toBe(0);
    expect((await serverError(c.aggregate([{ $match: {} }, { $collStats: { count: {} } }]).toArray())).code).toBe(40602);
  });
});
