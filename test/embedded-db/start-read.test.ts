/**
 * A start reads only where each collection's records are; the documents are read when a collection
 * is first used, or before that in the background (storage/catalog.ts, storage/collection.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../../embedded-db/server.ts';
import { Catalog } from '../../embedded-db/storage/catalog.ts';
import { journalNumbers, snapshotBytes } from '../../embedded-db/storage/files.ts';

describe('a start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const turn = () => new Promise((r) => setImmediate(r));

  /** A snapshot of `n` items and some journal after it: updates, deletes, a dropped and remade collection. */
  async function written(n: number): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-start-'));
    dirs.push(dir);
    const a = Catalog.open({ dataDir: dir });
    const items = a.collection('db', 'items', true);
    items.createIndex({ key: { code: 1 }, name: 'code_1', unique: true });
    for (let i = 0; i < n; i++) items.insert({ _id: `d${i}`, code: `c${i}`, v: 0 });
    a.collection('db', 'gone', true).insert({ _id: 1 });
    a.commit();
    await a.compactAll();
    for (let i = 0; i < n; i += 10) items.replace(items.get(`d${i}`)!, { _id: `d${i}`, code: `c${i}`, v: 1 });
    for (let i = 5; i < n; i += 10) items.remove(items.get(`d${i}`)!);
    a.dropCollection('db', 'gone');
    a.collection('db', 'gone', true).insert({ _id: 2 });
    a.collection('other', 'view', true, { viewOn: 'items', pipeline: [] });
    a.commit();
    await a.close();
    return dir;
  }

  it('knows every collection, its options and indexes before reading a document, then reads what was written', async () => {
    const n = 20_000;
    const dir = await written(n);
    const b = Catalog.open({ dataDir: dir });
    const items = b.collection('db', 'items', false)!;
    expect(items.unread).toBe(true);
    expect(b.databases().sort()).toEqual(['db', 'other']);
    expect(b.collection('other', 'view', false)?.options).toEqual({ viewOn: 'items', pipeline: [] });
    expect(items.indexSpecs().map((s) => s.name)).toEqual(['_id_', 'code_1']);
    // An index that exists already is answered from what the start found, still without reading.
    expect(items.createIndex({ key: { code: 1 }, name: 'code_1', unique: true })).toBe(false);
    expect(items.unread).toBe(true);
    // The first use reads the whole collection: the journal's changes over the snapshot, the unique index.
    expect(items.size).toBe(n - n / 10);
    expect(items.unread).toBe(false);
    expect(items.get('d10')?.doc.v).toBe(1);
    expect(items.get('d11')?.doc.v).toBe(0);
    expect(items.get('d15')).toBeUndefined();
    expect(() => items.insert({ _id: 'new', code: 'c11' })).toThrow(/duplicate key/);
    expect([...b.collection('db', 'gone', false)!.all()].map((r) => r.doc._id)).toEqual([2]);
    await b.close();
  });

  it('a write to a collection not read yet reads it first, and nothing is written twice', async () => {
    const dir = await written(2_000);
    const b = Catalog.open({ dataDir: dir });
    const items = b.collection('db', 'items', false)!;
    expect(() => items.insert({ _id: 'd1', code: 'x' })).toThrow(/duplicate key/);
    items.insert({ _id: 'late', code: 'late' });
    b.commit();
    await b.close();
    const c = Catalog.open({ dataDir: dir });
    const again = c.collection('db', 'items', false)!;
    expect(again.size).toBe(2_000 - 200 + 1);
    expect(again.get('late')?.doc.code).toBe('late');
    await c.close();
  });

  it('reads in the background between commands, then folds the journals into a new snapshot', async () => {
    const dir = await written(50_000);
    const before = snapshotBytes(dir);
    const b = Catalog.open({ dataDir: dir });
    const items = b.collection('db', 'items', false)!;
    // The event loop gets turns while it reads: a slice at a time.
    let turns = 0;
    while (items.unread) {
      await turn();
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
    // Then the compaction a start begins: one journal left (the one being written), a new snapshot.
    for (let i = 0; i < 2000 && journalNumbers(dir).length > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(journalNumbers(dir)).toHaveLength(1);
    expect(snapshotBytes(dir)).not.toBe(before);
    expect(items.size).toBe(45_000);
    await b.close();
  });
});

describe('a started server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-start-server-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers other collections while a command waits for its large collection to be read', async () => {
    const N = 150_000;
    const a = Catalog.open({ dataDir: dir });
    const big = a.collection('db', 'big', true);
    for (let i = 0; i < N; i++) big.insert({ _id: i, x: i % 100, pad: 'p'.repeat(40) });
    a.collection('db', 'small', true).insert({ _id: 'only', v: 1 });
    a.commit();
    await a.close();

    const server = await startEmbeddedMongo({ port: 0, dataDir: dir });
    const client = await new MongoClient(`mongodb://127.0.0.1:${server.port}/db`, { maxPoolSize: 4 }).connect();
    try {
      const d = client.db('db');
      const order: string[] = [];
      const bigCount = d
        .collection('big')
        .countDocuments({ x: 7 })
        .then((n) => {
          order.push('big');
          return n;
        });
      // Sent after the large count, on another connection: answered first, while the count waits.
      await new Promise((r) => setTimeout(r, 20));
      const small = await d.collection('small').findOne({ _id: 'only' as never });
      order.push('small');
      await d.command({ ping: 1 });
      order.push('ping');
      expect(await bigCount).toBe(N / 100);
      expect(small?.v).toBe(1);
      expect(order).toEqual(['small', 'ping', 'big']);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
