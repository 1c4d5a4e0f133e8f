import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

describe('databases, collections and indexes', () => {
  const m = useMongo();

  it('creates a collection and refuses to create it twice with NamespaceExists (48)', async () => {
    await m.db.createCollection('made');
    const names = (await m.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('made');
    const e = await serverError(m.db.command({ create: 'made' }));
    expect(e.code).toBe(48);
  });

  it('lists collections with a filter, and databases including this one', async () => {
    await m.db.collection('alpha').insertOne({ x: 1 });
    await m.db.collection('beta').insertOne({ x: 1 });
    const only = await m.db.listCollections({ name: 'alpha' }).toArray();
    expect(only.map((c) => c.name)).toEqual(['alpha']);
    expect(only[0].type).toBe('collection');
    const dbs = await m.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(m.dbName);
  });

  it('drops a collection, and dropping a missing one is not an error', async () => {
    await m.db.collection('gone').insertOne({ x: 1 });
    expect(await m.db.collection('gone').drop()).toBe(true);
    expect(await m.db.listCollections({ name: 'gone' }).toArray()).toEqual([]);
    await expect(m.db.command({ drop: 'never-existed' })).resolves.toMatchObject({ ok: 1 });
  });

  it('creates, lists and drops indexes by name and by key', async () => {
    const c = m.db.collection('ix');
    await c.insertOne({ a: 1, b: 1 });
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    expect(await c.createIndex({ a: 1, b: -1 }, { name: 'ab', unique: true })).toBe('ab');
    const specs = await c.listIndexes().toArray();
    expect(specs.map((s) => s.name).sort()).toEqual(['_id_', 'a_1', 'ab']);
    expect(specs.find((s) => s.name === 'ab')).toMatchObject({ key: { a: 1, b: -1 }, unique: true });
    // Creating the same index again is a no-op.
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    await c.dropIndex('a_1');
    await m.db.command({ dropIndexes: 'ix', index: { a: 1, b: -1 } });
    expect((await c.listIndexes().toArray()).map((s) => s.name)).toEqual(['_id_']);
  });

  it('reports index errors with MongoDB codes', async () => {
    const c = m.db.collection('ixerr');
    await c.createIndex({ a: 1 }, { name: 'byA' });
    expect((await serverError(c.dropIndex('nope'))).code).toBe(27); // IndexNotFound
    expect((await serverError(c.dropIndex('_id_'))).code).toBe(72); // InvalidOptions
    expect((await serverError(c.createIndex({ b: 1 }, { name: 'byA' }))).code).toBe(86); // IndexKeySpecsConflict
    expect((await serverError(c.createIndex({ a: 1 }, { name: 'other' }))).code).toBe(85); // IndexOptionsConflict
    expect((await serverError(m.db.command({ listIndexes: 'no-such-coll' }))).code).toBe(26); // NamespaceNotFound
    expect((await serverError(m.db.command({ dropIndexes: 'no-such-coll', index: '*' }))).code).toBe(26);
  });

  it('refuses a unique index over existing duplicates with DuplicateKey (11000)', async () => {
    const c = m.db.collection('dupidx');
    await c.insertMany([{ a: 1 }, { a: 1 }]);
    expect((await serverError(c.createIndex({ a: 1 }, { unique: true }))).code).toBe(11000);
  });

  it('drops a whole database', async () => {
    const other = m.client.db(`${m.dbName}_x`);
    await other.collection('c').insertOne({ x: 1 });
    await other.dropDatabase();
    expect(await other.listCollections().toArray()).toEqual([]);
  });

  it('compacts a collection, answering with bytesFreed, and NamespaceNotFound (26) for a missing one', async () => {
    const c = m.db.collection('compacted');
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
    await c.deleteMany({ i: { $gte: 100 } });
    const reply = await m.db.command({ compact: 'compacted' });
    expect(reply.ok).toBe(1);
    expect(reply.bytesFreed).toBeGreaterThanOrEqual(0);
    expect(await c.countDocuments()).toBe(100);
    expect((await serverError(m.db.command({ compact: 'no-such-coll' }))).code).toBe(26);
  });
});
