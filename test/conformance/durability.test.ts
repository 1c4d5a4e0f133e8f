import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Long, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { journalNumbers, journalPath } from '../../embedded-db/storage/files.ts';
import { realMongo } from '../support/mongo.ts';
import { killHard, spawnTs, waitForJsonLine } from '../support/spawn.ts';

// Crash recovery is a property of the embedded server's journal; a real mongod is not ours to kill.
describe.skipIf(realMongo)('durability of the embedded server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-db-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function start() {
    const child = spawnTs('embedded-db/main.ts', ['--port', '0', '--data', dir], {}, { hostsDatabase: true });
    const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined));
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/dur`, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return { child, client, db: client.db('dur') };
  }

  it('keeps every acknowledged write, index and type after kill -9, and again after a second crash', async () => {
    const a = await start();
    const inv = a.db.collection('invoices');
    await inv.createIndex({ supplierId: 1, invoiceNumber: 1 }, { unique: true });
    await inv.insertMany(
      Array.from({ length: 5000 }, (_, i) => ({ supplierId: `S${i % 50}`, invoiceNumber: `F-${i}`, cents: Long.fromNumber(i * 100) })),
    );
    await inv.updateMany({ supplierId: 'S1' }, { $set: { paid: true } });
    await inv.deleteMany({ supplierId: 'S2' });
    await a.db.collection('temp').insertOne({ x: 1 });
    await a.db.collection('temp').drop();
    await a.db.createCollection('paid', { viewOn: 'invoices', pipeline: [{ $match: { paid: true } }] });
    await killHard(a.child);
    await a.client.close(true);

    const b = await start();
    const inv2 = b.db.collection('invoices');
    expect(await inv2.countDocuments()).toBe(4900);
    expect(await inv2.countDocuments({ paid: true })).toBe(100);
    expect((await b.db.listCollections({ name: 'temp' }).toArray()).length).toBe(0);
    // A view is its definition: back after the crash, showing what its collection holds.
    expect(await b.db.collection('paid').countDocuments()).toBe(100);
    const doc = await inv2.findOne({ invoiceNumber: 'F-7' }, { promoteLongs: false });
    expect(doc?.cents).toBeInstanceOf(Long);
    expect((await inv2.listIndexes().toArray()).map((i) => i.name)).toContain('supplierId_1_invoiceNumber_1');
    await expect(inv2.insertOne({ supplierId: 'S7', invoiceNumber: 'F-7' })).rejects.toMatchObject({ code: 11000 });
    await inv2.insertOne({ supplierId: 'S9', invoiceNumber: 'after-restart' });
    await killHard(b.child);
    await b.client.close(true);

    const c = await start();
    expect(await c.db.collection('invoices').countDocuments()).toBe(4901);
    await c.client.close();
    c.child.kill('SIGTERM');
    await new Promise((r) => c.child.once('exit', r));
  });

  it('ignores a torn record at the end of the journal', async () => {
    const a = await start();
    const journal = journalPath(dir, journalNumbers(dir).at(-1) ?? 0);
    await a.db.collection('torn').insertOne({ ok: 1 });
    await killHard(a.child);
    await a.client.close(true);
    // A crash in the middle of write(2): half a record at the end.
    fs.appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 3, 0x6f]));
    const b = await start();
    expect(await b.db.collection('torn').countDocuments()).toBe(1);
    await b.client.close();
    await killHard(b.child);
  });
});
