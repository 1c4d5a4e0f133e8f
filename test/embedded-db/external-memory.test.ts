import v8 from 'node:v8';
import vm from 'node:vm';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../embedded-db/server.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Bytes held in ArrayBuffers (Buffers) once the garbage is collected. */
function liveBufferBytes(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

// See byte-slabs.ts: V8 starts marking the whole heap each time memory outside it grows 64 MiB, and
// then stalls the server at every buffer it allocates. Stored documents must not hold on to more of
// it than the bytes they own.
describe('memory outside the JS heap held by stored documents', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  beforeAll(async () => {
    server = await startEmbeddedMongo({ port: 0 });
    client = await new MongoClient(`mongodb://127.0.0.1:${server.port}/mem`).connect();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('stays at about the ids’ own 12 bytes per document after thousands of single inserts', async () => {
    const coll = client.db('mem').collection('invoices');
    const insert = (i: number) => coll.insertOne({ supplierId: `S${i % 100}`, invoiceNumber: `F-${i}`, amount: i, currency: 'EUR' });
    for (let i = 0; i < 500; i++) await insert(i);
    const before = liveBufferBytes();
    const N = 5000;
    for (let i = 500; i < 500 + N; i++) await insert(i);
    const perDoc = (liveBufferBytes() - before) / N;
    expect(await coll.countDocuments()).toBe(500 + N);
    // Each id kept its 8 KiB pool slab alive before: about 1.5 KiB per document.
    expect(perDoc).toBeLessThan(100);
  });
});
