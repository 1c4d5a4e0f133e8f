import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../embedded-db/storage/catalog.ts';
import type { Collection } from '../../embedded-db/storage/collection.ts';
import { snapshotTempPath } from '../../embedded-db/storage/files.ts';

// The storage layer directly, so a compaction can be stepped document by document and a write put
// exactly between two of its slices; the wire-level crash tests are in test/conformance.
describe('a snapshot taken while writes go on', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function open(dir: string) {
    // One document per slice: the test decides what happens between them.
    return Catalog.open({ dataDir: dir, compaction: { sliceMs: 0 } });
  }

  const turn = () => new Promise((r) => setImmediate(r));
  const codes = (coll: Collection) => new Map([...coll.all()].map((r) => [r.doc._id as string, r.doc.code]));

  it('replays into the right state when a unique code moved from a saved document to an unsaved one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-replay-'));
    dirs.push(dir);
    const a = open(dir);
    const coll = a.collection('db', 'items', true);
    coll.createIndex({ key: { code: 1 }, name: 'code_1', unique: true });
    for (let i = 0; i < 50; i++) coll.insert({ _id: `d${i}`, code: `c${i}` });
    a.commit();

    const compacting = a.compact();
    // Let the compaction save a few documents (one record is about 40 bytes), then move d0's code
    // to d49, not saved yet.
    const tmp = snapshotTempPath(dir);
    while (!fs.existsSync(tmp) || fs.statSync(tmp).size < 400) await turn();
    expect(fs.statSync(tmp).size).toBeLessThan(1200);
    const first = coll.get('d0')!;
    coll.replace(first, { ...first.doc, code: 'fresh' });
    const last = coll.get('d49')!;
    coll.replace(last, { ...last.doc, code: 'c0' });
    a.commit();
    expect(await compacting).toBeGreaterThan(0);
    const expected = codes(coll);
    // A crash now: the journal is not folded in at close, the next start replays it.
    await a.close();

    const b = open(dir);
    const reopened = b.collection('db', 'items', false)!;
    expect(codes(reopened)).toEqual(expected);
    expect(reopened.get('d49')?.doc.code).toBe('c0');
    expect(() => reopened.insert({ _id: 'dup', code: 'c0' })).toThrow(/duplicate key/);
    await b.close();
  });
});
