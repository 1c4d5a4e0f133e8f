import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../embedded-db/index.ts';
import { serverError } from '../support/mongo.ts';

// The embedded server's own sweep, made fast here; a real mongod sweeps every 60 s, too slow for a test.
describe('TTL indexes', () => {
  const open: Array<{ server: EmbeddedMongo; client: MongoClient }> = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const { server, client } of open.splice(0)) {
      await client.close();
      await server.close();
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(dataDir: string, ttlSweepMs: number) {
    const server = await startEmbeddedMongo({ dataDir, ttlSweepMs });
    const client = await new MongoClient(server.uri('ttl')).connect();
    open.push({ server, client });
    return client.db('ttl');
  }

  it('removes documents whose date is older than expireAfterSeconds, keeps the rest, and the removal survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-ttl-'));
    dirs.push(dir);
    const db = await start(dir, 50);
    const c = db.collection<{ _id: string; at?: unknown }>('kept');
    const now = Date.now();
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    await c.insertMany([
      { _id: 'old', at: new Date(now - 2 * 3_600_000) },
      { _id: 'fresh', at: new Date(now - 60_000) },
      // An array expires by its earliest date.
      { _id: 'old-in-array', at: [new Date(now), new Date(now - 5 * 3_600_000)] },
      // Not a date: never expires.
      { _id: 'text', at: '2001-01-01' },
      { _id: 'none' },
    ]);
    const ids = async () => (await c.find().toArray()).map((d) => d._id).sort();
    for (let i = 0; i < 100 && (await ids()).length > 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await ids()).toEqual(['fresh', 'none', 'text']);
    await open[0].client.close();
    await open[0].server.close();
    open.splice(0);
    // Replayed from the journal: the removals were written like any delete.
    const again = await start(dir, 60_000);
    expect((await again.collection('kept').find().toArray()).map((d) => d._id).sort()).toEqual(['fresh', 'none', 'text']);
  });

  it('refuses a TTL option that is not a number of seconds, and one on a compound index (67)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-ttl-'));
    dirs.push(dir);
    const c = (await start(dir, 60_000)).collection('bad');
    expect((await serverError(c.createIndex({ at: 1 }, { expireAfterSeconds: -1 }))).code).toBe(67);
    expect((await serverError(c.createIndex({ at: 1, b: 1 }, { expireAfterSeconds: 10 }))).code).toBe(67);
  });
});
