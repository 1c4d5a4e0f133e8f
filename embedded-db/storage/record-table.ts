/**
 * A collection's documents: found by `_id` key, iterated in insertion order (MongoDB's natural
 * order, which clients see when they do not sort).
 *
 * One Map did both, but V8 rehashes a whole Map inside a single set() when it grows or has collected
 * many deleted entries: 170-185 ms at a million documents, with every write waiting. Here the
 * look-up is a ShardedMap and the order is a list of fixed-size chunks of slots. A document keeps its
 * slot when it is replaced; a deleted one leaves a hole, and a chunk is freed once it is all holes
 * (slots are never renumbered, so an iteration in progress, such as a compaction's, is never lost).
 *
 * Iterating sees what a Map iterator would: documents added during the iteration, the latest version
 * of one replaced before it was reached, and not one deleted before it was reached.
 */
import type { Rec } from './record.ts';
import { ShardedMap } from './sharded-map.ts';

const SHIFT = 12;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class RecordTable {
  private readonly byId = new ShardedMap<Rec>();
  private readonly chunks: Array<Array<Rec | undefined> | undefined> = [];
  /** Documents in each chunk (a chunk at 0 is freed). */
  private readonly live: number[] = [];
  private nextSlot = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Rec | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds a document under a new `_id` (the caller has checked it is new). */
  add(id: string, rec: Rec): void {
    const slot = this.nextSlot++;
    const c = slot >>> SHIFT;
    if ((slot & MASK) === 0) {
      if (c > 0 && this.live[c - 1] === 0) this.chunks[c - 1] = undefined;
      this.chunks[c] = new Array(CHUNK);
      this.live[c] = 0;
    }
    (this.chunks[c] as Array<Rec | undefined>)[slot & MASK] = rec;
    this.live[c]++;
    rec.slot = slot;
    this.byId.set(id, rec);
  }

  /** Puts a new version of a stored document in its place. */
  replace(id: string, old: Rec, next: Rec): void {
    next.slot = old.slot;
    (this.chunks[old.slot >>> SHIFT] as Array<Rec | undefined>)[old.slot & MASK] = next;
    this.byId.set(id, next);
  }

  delete(id: string, rec: Rec): void {
    const c = rec.slot >>> SHIFT;
    const chunk = this.chunks[c] as Array<Rec | undefined>;
    chunk[rec.slot & MASK] = undefined;
    // The chunk being filled stays even when empty: the next add writes into it.
    if (--this.live[c] === 0 && c !== (this.nextSlot - 1) >>> SHIFT) this.chunks[c] = undefined;
    this.byId.delete(id);
  }

  *values(): IterableIterator<Rec> {
    for (let slot = 0; slot < this.nextSlot; slot++) {
      const chunk = this.chunks[slot >>> SHIFT];
      if (!chunk) {
        slot |= MASK;
        continue;
      }
      const rec = chunk[slot & MASK];
      if (rec) yield rec;
    }
  }
}
