import { BSON, Long } from 'bson';
import { fail } from './errors.ts';
import type { Doc } from './values.ts';

/** Default size of a first batch, as mongod. */
export const DEFAULT_FIRST_BATCH = 101;
/** A batch stays under this many bytes, so the reply fits BSON's 16 MiB document limit with its envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

/**
 * A document with an upper bound of its BSON size (a stored document's size bounds any plain
 * projection of it), so a batch need not measure it: measuring took a third of a read's time.
 */
export class Bounded {
  constructor(
    readonly doc: Doc,
    readonly maxBytes: number,
  ) {}
}

type Item = Doc | Bounded;

/** A cursor's documents, pulled one at a time; undefined when there are no more. */
export type Source = () => Item | undefined;

/** The items of an array, mapped lazily: a cursor may never ask for the rest. */
export function sourceOf<T>(items: readonly T[], f: (t: T) => Item = (t) => t as Item): Source {
  let i = 0;
  return () => (i < items.length ? f(items[i++]) : undefined);
}

interface OpenCursor {
  ns: string;
  next: () => Item | undefined;
  lastUsed: number;
  remaining: number; // documents still allowed by `limit` (Infinity when none)
}

/** Server-side cursors: batches, getMore, killCursors and the idle timeout. */
export class CursorStore {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1n;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly idleTimeoutMs: number) {
    this.timer = setInterval(() => this.reap(), Math.min(60_000, Math.max(100, idleTimeoutMs / 4)));
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }

  private reap(): void {
    const now = Date.now();
    for (const [id, c] of this.open) if (now - c.lastUsed > this.idleTimeoutMs) this.open.delete(id);
  }

  /** Produces the first batch; keeps a cursor open when more is left. */
  first(ns: string, source: Source, opts: { batchSize?: number; limit?: number; singleBatch?: boolean }, field = 'firstBatch') {
    const c: OpenCursor = {
      ns,
      next: source,
      lastUsed: Date.now(),
      remaining: opts.limit || Infinity,
    };
    const batch = this.take(c, opts.batchSize ?? DEFAULT_FIRST_BATCH);
    let id = 0n;
    if (!opts.singleBatch && batch.more) {
      id = this.nextId++;
      this.open.set(id.toString(), c);
    }
    return { cursor: { [field]: batch.docs, id: Long.fromBigInt(id), ns } };
  }

  more(id: Long, ns: string, batchSize?: number) {
    const c = this.open.get(id.toBigInt().toString());
    if (!c) fail('CursorNotFound', `cursor id ${id.toString()} not found`);
    if (c.ns !== ns) fail('BadValue', `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${c.ns}`);
    c.lastUsed = Date.now();
    const batch = this.take(c, batchSize || 0);
    if (!batch.more) this.open.delete(id.toBigInt().toString());
    return { cursor: { nextBatch: batch.docs, id: batch.more ? id : Long.ZERO, ns } };
  }

  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toBigInt().toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /**
   * Up to `count` documents (0: as many as fit), never more than MAX_BATCH_BYTES of them (a single
   * larger document still goes alone); `more` tells whether any are left.
   */
  private take(c: OpenCursor, count: number): { docs: Doc[]; more: boolean } {
    const docs: Doc[] = [];
    let bytes = 0;
    const max = count > 0 ? count : Infinity;
    while (docs.length < max && c.remaining > 0) {
      const item = c.next();
      if (item === undefined) return { docs, more: false };
      const doc = item instanceof Bounded ? item.doc : item;
      const size = item instanceof Bounded ? item.maxBytes : BSON.calculateObjectSize(doc);
      if (docs.length > 0 && bytes + size > MAX_BATCH_BYTES) {
        pushBack(c, item);
        return { docs, more: true };
      }
      docs.push(doc);
      bytes += size;
      c.remaining--;
    }
    if (c.remaining <= 0) return { docs, more: false };
    // Peek so an exhausted cursor is closed now rather than on a final empty getMore.
    const peek = c.next();
    if (peek === undefined) return { docs, more: false };
    pushBack(c, peek);
    return { docs, more: true };
  }
}

function pushBack(c: OpenCursor, item: Item): void {
  const rest = c.next;
  c.next = () => {
    c.next = rest;
    return item;
  };
}
