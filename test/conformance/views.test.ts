/** Read-only views: reads through the view's pipeline, views on views, and writes refused (166). */
import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

describe('views', () => {
  const m = useMongo();

  it('shows its collection through its pipeline to find, aggregate, count and distinct, and follows later writes', async () => {
    const orders = m.db.collection('orders');
    await orders.insertMany([
      { _id: 1 as never, customer: 'ann', amount: 5 },
      { _id: 2 as never, customer: 'bob', amount: 12 },
      { _id: 3 as never, customer: 'ann', amount: 30 },
    ]);
    await m.db.createCollection('large_orders', { viewOn: 'orders', pipeline: [{ $match: { amount: { $gte: 10 } } }] });
    const view = m.db.collection('large_orders');
    expect(await view.find({}, { sort: { amount: -1 }, projection: { _id: 0, customer: 1 } }).toArray()).toEqual([
      { customer: 'ann' },
      { customer: 'bob' },
    ]);
    expect(await view.find({ customer: 'ann' }).toArray()).toEqual([{ _id: 3, customer: 'ann', amount: 30 }]);
    expect(await view.find({}).sort({ _id: 1 }).skip(1).limit(1).toArray()).toEqual([{ _id: 3, customer: 'ann', amount: 30 }]);
    expect(await view.aggregate([{ $group: { _id: null, total: { $sum: '$amount' } } }]).toArray()).toEqual([{ _id: null, total: 42 }]);
    expect(await view.countDocuments({ customer: 'bob' })).toBe(1);
    expect(await view.estimatedDocumentCount()).toBe(2);
    expect((await view.distinct('customer')).sort()).toEqual(['ann', 'bob']);

    // A view of a view: both pipelines, the inner first.
    await m.db.createCollection('large_by_ann', { viewOn: 'large_orders', pipeline: [{ $match: { customer: 'ann' } }] });
    expect(await m.db.collection('large_by_ann').find().toArray()).toEqual([{ _id: 3, customer: 'ann', amount: 30 }]);

    // Writes to the collection show through.
    await orders.insertOne({ _id: 4 as never, customer: 'ann', amount: 50 });
    expect(await m.db.collection('large_by_ann').countDocuments()).toBe(2);

    const listed = await m.db.listCollections({ name: 'large_orders' }).toArray();
    expect(listed[0]).toMatchObject({
      name: 'large_orders',
      type: 'view',
      options: { viewOn: 'orders', pipeline: [{ $match: { amount: { $gte: 10 } } }] },
      info: { readOnly: true },
    });
  });

  it('refuses writes and indexes on a view (166), and the view stays as it was', async () => {
    await m.db.collection('items').insertOne({ n: 1 });
    await m.db.createCollection('items_view', { viewOn: 'items', pipeline: [] });
    const v = m.db.collection('items_view');
    const writes = [
      () => v.insertOne({ n: 2 }),
      () => v.updateOne({}, { $set: { n: 3 } }),
      () => v.deleteMany({}),
      () => v.findOneAndUpdate({}, { $set: { n: 4 } }),
      () => v.createIndex({ n: 1 }),
    ];
    for (const write of writes) expect((await serverError(write())).code).toBe(166);
    expect(await v.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ n: 1 }]);
    // A view is dropped like a collection.
    expect(await v.drop()).toBe(true);
    expect(await m.db.listCollections({ name: 'items_view' }).toArray()).toEqual([]);
  });
});
