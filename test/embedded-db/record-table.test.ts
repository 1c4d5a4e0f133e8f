/**
 * RecordTable and ShardedMap against plain Maps as the model: the same operations, in random order,
 * must give the same look-ups and (for RecordTable) the same iteration order, also for an iteration
 * that is in progress while documents are added, replaced and deleted.
 */
import { describe, expect, it } from 'vitest';
import { makeRec, type Rec } from '../../embedded-db/storage/record.ts';
import { RecordTable } from '../../embedded-db/storage/record-table.ts';
import { ShardedMap } from '../../embedded-db/storage/sharded-map.ts';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const rec = (id: string, v: number): Rec => makeRec({ _id: id, v }, false);
const idsOf = (it: Iterable<Rec>) => [...it].map((r) => `${r.doc._id}:${r.doc.v}`);

describe('RecordTable', () => {
  it('finds and iterates like an insertion-ordered Map through inserts, replaces and deletes (across many chunks)', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const table = new RecordTable();
      const model = new Map<string, Rec>();
      for (let step = 0; step < 30_000; step++) {
        const id = `k${next(12_000)}`;
        const have = model.get(id);
        const op = next(10);
        if (!have) {
          const r = rec(id, step);
          table.add(id, r);
          model.set(id, r);
        } else if (op < 6) {
          const r = rec(id, step);
          table.replace(id, have, r);
          model.set(id, r);
        } else {
          table.delete(id, have);
          model.delete(id);
        }
      }
      expect(table.size).toBe(model.size);
      expect(idsOf(table.values())).toEqual(idsOf(model.values()));
      for (const id of ['k0', 'k1', 'k11999', 'k5000']) expect(table.get(id)).toBe(model.get(id));
    }
  });

  it('frees chunks that are all holes and keeps iterating past them', () => {
    const table = new RecordTable();
    const all = Array.from({ length: 20_000 }, (_, i) => rec(`k${i}`, i));
    for (const r of all) table.add(String(r.doc._id), r);
    // Delete everything but the last few, then add more: order is what is left, then the new ones.
    for (const r of all.slice(0, 19_990)) table.delete(String(r.doc._id), r);
    const more = Array.from({ length: 5 }, (_, i) => rec(`n${i}`, i));
    for (const r of more) table.add(String(r.doc._id), r);
    expect(idsOf(table.values())).toEqual(idsOf([...all.slice(19_990), ...more]));
    expect(table.size).toBe(15);
  });

  it('an iteration in progress sees what a Map iterator would', () => {
    const next = random(7);
    const table = new RecordTable();
    const model = new Map<string, Rec>();
    for (let i = 0; i < 10_000; i++) {
      const r = rec(`k${i}`, i);
      table.add(`k${i}`, r);
      model.set(`k${i}`, r);
    }
    const a = table.values();
    const b = model.values();
    const seenA: string[] = [];
    const seenB: string[] = [];
    for (let step = 0; ; step++) {
      const x = a.next();
      const y = b.next();
      if (x.done || y.done) {
        expect(x.done && y.done).toBe(true);
        break;
      }
      seenA.push(`${x.value.doc._id}:${x.value.doc.v}`);
      seenB.push(`${y.value.doc._id}:${y.value.doc.v}`);
      // Between steps, change documents before and after the iterators' position.
      const id = `k${next(12_000)}`;
      const have = model.get(id);
      if (!have) {
        const r = rec(id, -step);
        table.add(id, r);
        model.set(id, r);
      } else if (next(2) === 0) {
        const r = rec(id, -step);
        table.replace(id, have, r);
        model.set(id, r);
      } else {
        table.delete(id, have);
        model.delete(id);
      }
    }
    expect(seenA).toEqual(seenB);
  });
});

describe('ShardedMap', () => {
  it('answers like a Map through sets and deletes', () => {
    const next = random(11);
    const sharded = new ShardedMap<number>();
    const model = new Map<string, number>();
    for (let step = 0; step < 50_000; step++) {
      const k = `s${next(5_000)}\u0000${next(3)}`;
      if (next(3) === 0) expect(sharded.delete(k)).toBe(model.delete(k));
      else {
        sharded.set(k, step);
        model.set(k, step);
      }
    }
    expect(sharded.size).toBe(model.size);
    for (let i = 0; i < 5_000; i++) {
      const k = `s${i}\u00001`;
      expect(sharded.get(k)).toBe(model.get(k));
      expect(sharded.has(k)).toBe(model.has(k));
    }
    expect([...sharded.values()].sort()).toEqual([...model.values()].sort());
  });
});
