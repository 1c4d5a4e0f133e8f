import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Collection, MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { journalNumbers } from '../../embedded-db/storage/files.ts';
import { realMongo } from '../support/mongo.ts';
import { killHard, spawnTs, waitForJsonLine } from '../support/spawn.ts';

interface Item {
  _id: string;
  code: string;
  v: number;
}

/**
 * What the writers believe is stored: per document its last acknowledged state (null: deleted), and
 * the state of a write that was sent but not answered when the server died, which may or may not
 * have happened.
 */
class Model {
  readonly acked = new Map<string, Item | null>();
  readonly inFlight = new Map<string, Item | null>();

  check(stored: Map<string, Item>): string[] {
    const wrong: string[] = [];
    const same = (a: Item | null | undefined, b: Item | undefined) =>
      a === undefined ? false : a === null ? b === undefined : b !== undefined && a.code === b.code && a.v === b.v;
    for (const id of new Set([...this.acked.keys(), ...this.inFlight.keys(), ...stored.keys()])) {
      const found = stored.get(id);
      const known = this.acked.has(id) ? this.acked.get(id) : null;
      if (!same(known, found) && !same(this.inFlight.get(id), found))
        wrong.push(`${id}: stored ${JSON.stringify(found)}, acknowledged ${JSON.stringify(known)}`);
    }
    return wrong;
  }

  /** After a restart nothing is in flight: whatever is stored now is what the writers build on. */
  settle(stored: Map<string, Item>) {
    for (const id of this.inFlight.keys()) this.acked.set(id, stored.get(id) ?? null);
    this.inFlight.clear();
  }
}

/**
 * One writer owns the documents whose id starts with its name and keeps changing them: inserts,
 * updates, deletes, and handing a document's unique code to another document (so a snapshot taken
 * while it runs can hold two documents with one code, which recovery must survive).
 */
async function writer(name: string, items: Collection<Item>, model: Model, stop: { now: boolean }) {
  const live = [...model.acked.entries()].filter(([id, v]) => id.startsWith(`${name}-`) && v !== null).map(([id]) => id);
  const write = async (id: string, next: Item | null, op: () => Promise<unknown>) => {
    model.inFlight.set(id, next);
    await op();
    model.inFlight.delete(id);
    model.acked.set(id, next);
  };
  try {
    for (let n = 1; !stop.now; n++) {
      const at = (n * 7919) % Math.max(1, live.length);
      const id = live[at];
      const cur = id === undefined ? undefined : (model.acked.get(id) as Item);
      const roll = n % 10;
      if (!cur || roll < 5) {
        const doc = { _id: `${name}-${Date.now()}-${n}`, code: `${name}-${Date.now()}-c${n}`, v: n };
        await write(doc._id, doc, () => items.insertOne(doc));
        live.push(doc._id);
      } else if (roll < 8) {
        await write(cur._id, { ...cur, v: n }, () => items.updateOne({ _id: cur._id }, { $set: { v: n } }));
      } else if (roll < 9) {
        await write(cur._id, null, () => items.deleteOne({ _id: cur._id }));
        live[at] = live[live.length - 1];
        live.pop();
      } else {
        const other = model.acked.get(live[(at + 1) % live.length]) as Item;
        if (other._id === cur._id) continue;
        const fresh = `${name}-${Date.now()}-c${n}`;
        await write(cur._id, { ...cur, code: fresh }, () => items.updateOne({ _id: cur._id }, { $set: { code: fresh } }));
        await write(other._id, { ...other, code: cur.code }, () => items.updateOne({ _id: other._id }, { $set: { code: cur.code } }));
      }
    }
  } catch {
    // The server died under us: what was in flight stays in `inFlight`.
  }
}

// Compaction and its crash recovery are the embedded server's own; a real mongod is not ours to kill.
describe.skipIf(realMongo)('compaction of the embedded server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijdig-compact-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const model = new Model();
  const SEED = 60_000;
  const WRITERS = ['a', 'b', 'c', 'd'];

  async function start(crashAt?: string) {
    const child = spawnTs(
      'embedded-db/main.ts',
      ['--port', '0', '--data', dir, ...(crashAt ? ['--crash-at', crashAt] : [])],
      {},
      { hostsDatabase: true },
    );
    const port = await waitForJsonLine(child, (v) => (typeof v.listening === 'number' ? v.listening : undefined), 60_000);
    const client = new MongoClient(`mongodb://127.0.0.1:${port}/cmp`, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    return { child, client, items: client.db('cmp').collection<Item>('items') };
  }

  async function stored(items: Collection<Item>): Promise<Map<string, Item>> {
    const all = await items.find({}, { projection: { _id: 1, code: 1, v: 1 } }).toArray();
    return new Map(all.map((d) => [d._id, d]));
  }

  /** Writers run while a compaction runs; the server dies at `crashAt` or after `killAfterMs`. */
  async function compactUnderWrites(opts: { crashAt?: string; killAfterMs?: number }) {
    const s = await start(opts.crashAt);
    const found = await stored(s.items);
    expect(model.check(found)).toEqual([]);
    model.settle(found);
    const stop = { now: false };
    const writing = WRITERS.map((w) => writer(w, s.items, model, stop));
    await new Promise((r) => setTimeout(r, 100));
    const sent = performance.now();
    const compacting = s.client.db('cmp').command({ compact: 'items' });
    const outcome = await Promise.race([
      compacting.then(
        () => 'completed',
        () => 'died',
      ),
      new Promise((r) => s.child.once('exit', () => r('died'))),
      ...(opts.killAfterMs === undefined ? [] : [new Promise((r) => setTimeout(r, opts.killAfterMs)).then(() => 'killed')]),
    ]);
    const ms = performance.now() - sent;
    await killHard(s.child);
    stop.now = true;
    await Promise.all(writing);
    await s.client.close(true);
    return { outcome, ms };
  }

  let compactionMs = 0;

  it('goes on answering writes while it compacts, then keeps one snapshot and one journal', async () => {
    const s = await start();
    await s.items.createIndex({ code: 1 }, { unique: true });
    for (let i = 0; i < SEED; i += 5000) {
      const docs = Array.from({ length: 5000 }, (_, j) => {
        const n = i + j;
        return { _id: `${WRITERS[n % WRITERS.length]}-seed${n}`, code: `seed-${n}`, v: 0, pad: 'x'.repeat(150) };
      });
      await s.items.insertMany(docs);
      for (const d of docs) model.acked.set(d._id, { _id: d._id, code: d.code, v: d.v });
    }
    await s.client.close();
    await killHard(s.child);

    const c = await start();
    model.settle(await stored(c.items));
    const stop = { now: false };
    const writing = WRITERS.map((w) => writer(w, c.items, model, stop));
    const before = model.acked.size;
    const t0 = performance.now();
    const reply = await c.client.db('cmp').command({ compact: 'items' });
    compactionMs = performance.now() - t0;
    stop.now = true;
    await Promise.all(writing);
    expect(reply.ok).toBe(1);
    expect(model.acked.size).toBeGreaterThan(before);
    expect(model.inFlight.size).toBe(0);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bson') || f.endsWith('.tmp'));
    expect(files.sort()).toEqual([`journal-${journalNumbers(dir).at(-1)}.bson`, 'snapshot.bson']);
    expect(model.check(await stored(c.items))).toEqual([]);
    await c.client.close();
    await killHard(c.child);

    const again = await start();
    expect(model.check(await stored(again.items))).toEqual([]);
    await again.client.close();
    await killHard(again.child);
  }, 120_000);

  it('keeps every acknowledged write through a kill -9 at each step of a compaction, at random moments in it, and in the one a start begins', async () => {
    for (const step of ['rotated', 'snapshot-begun', 'snapshot-written', 'snapshot-installed', 'journals-deleted'])
      expect((await compactUnderWrites({ crashAt: step })).outcome, step).toBe('died');
    // Random moments within the time a whole compaction takes: first as long as the one above took,
    // then as long as the last that completed here (the machine's speed changes under other tests).
    const outcomes: unknown[] = [];
    let wholeMs = compactionMs;
    while (outcomes.filter((o) => o === 'killed').length < 2 && outcomes.length < 8) {
      const { outcome, ms } = await compactUnderWrites({ killAfterMs: Math.round(wholeMs * (0.1 + 0.8 * Math.random())) });
      outcomes.push(outcome);
      if (outcome === 'completed') wholeMs = ms;
    }
    console.log(`compactions at random moments: ${outcomes.join(', ')} (a whole one took ${Math.round(compactionMs)} ms first)`);
    expect(outcomes.filter((o) => o === 'killed').length, String(outcomes)).toBeGreaterThanOrEqual(2);
    // A start folds what it replayed into a new snapshot beside the first commands: killed early, in
    // that compaction (the next start checks every acknowledged write is there).
    for (let i = 0; i < 2; i++) expect((await compactUnderWrites({ killAfterMs: 20 })).outcome).toBe('killed');

    const last = await start();
    const found = await stored(last.items);
    expect(model.check(found)).toEqual([]);
    expect([...found.values()].filter((d) => d._id.includes('-seed')).length).toBeGreaterThan(SEED / 2);
    expect((await last.items.listIndexes().toArray()).find((i) => i.name === 'code_1')?.unique).toBe(true);
    await last.client.close();
    await killHard(last.child);
  }, 240_000);
});
