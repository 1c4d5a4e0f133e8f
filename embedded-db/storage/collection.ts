import { BSON } from 'bson';
import type { Collation } from '../collation.ts';
import { fail } from '../errors.ts';
import { compileFilter } from '../query.ts';
import { type Doc, isPlainObject, keyOf, normalize } from '../values.ts';
import { DESERIALIZE, putDocument } from './files.ts';
import { type IndexSpec, IndexStore } from './index-store.ts';
import type { Journal } from './journal.ts';
import { equalities, withId } from './plan.ts';
import { makeRec, type Rec } from './record.ts';
import { RecordTable } from './record-table.ts';

export interface FindOptions {
  /** Stop after this many matches (0: all). */
  limit?: number;
  /** A command's `let`. */
  variables?: Doc;
  /** How the filter compares strings; none: by code point. */
  collation?: Collation | null;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * A collection found on disk and not read yet: its put and del records in the order written (the
 * snapshot's, then each journal's), and its index specs. See `Catalog.open`.
 */
export interface Stored {
  /** The files' bytes. */
  files: Buffer[];
  /** Each record as two numbers: the index of its file and where in it the record starts. */
  records: number[];
  specs: IndexSpec[];
}

/** How often a load in slices looks at the clock (records). */
const CLOCK_EVERY = 512;

/**
 * One collection: documents by `_id` in insertion order (record-table.ts), plus its secondary indexes.
 * One found on disk is read when first used, or before by the catalog's background load: every method
 * that reads or writes documents or indexes reads what is stored first.
 */
export class Collection {
  private readonly byId = new RecordTable();
  private readonly ix: IndexStore[] = [];
  private stored: Stored | null = null;
  /** How many of `stored.records` are applied. */
  private applied = 0;
  /** While stored records are applied: they are in the files already, so nothing is journaled. */
  private quiet = false;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc,
    private readonly journal: Journal,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** Whether stored records are still to be read. */
  get unread(): boolean {
    return this.stored !== null;
  }

  /** Stored records not applied yet. */
  get unreadRecords(): number {
    return this.stored ? (this.stored.records.length - this.applied) / 2 : 0;
  }

  /** Takes what is stored on disk, to be read later (`readSome`, or on first use). */
  setStored(stored: Stored): void {
    this.stored = stored;
    this.applied = 0;
  }

  /**
   * Applies stored records until `deadline` (performance.now()), then builds the indexes once all
   * are applied; true when the collection is read completely.
   */
  readSome(deadline = Number.POSITIVE_INFINITY): boolean {
    const stored = this.stored;
    if (!stored) return true;
    this.quiet = true;
    try {
      const { files, records } = stored;
      while (this.applied < records.length) {
        const buf = files[records[this.applied]];
        const at = records[this.applied + 1];
        this.applyStored(buf.subarray(at, at + buf.readInt32LE(at)));
        this.applied += 2;
        if (this.applied % CLOCK_EVERY === 0 && performance.now() >= deadline) return false;
      }
      // Indexes once, at the end: a snapshot taken while writes went on may hold two documents that
      // shared a unique key only for a moment (see compaction.ts); the journals after it settle that.
      this.stored = null;
      this.applied = 0;
      for (const spec of stored.specs) this.createIndex(spec);
      return true;
    } finally {
      this.quiet = false;
    }
  }

  private read(): void {
    // Not again from within readSome (applying a record uses the methods that call this).
    if (this.stored && !this.quiet) this.readSome();
  }

  private applyStored(bytes: Buffer): void {
    // A put's document alone is decoded: its bytes also give its size, which reads would measure.
    const docBytes = putDocument(bytes);
    if (docBytes) {
      const { value, wrapped } = normalize(BSON.deserialize(docBytes, DESERIALIZE));
      const doc = value as Doc;
      const existing = this.get(doc._id);
      if (existing) this.replace(existing, doc, wrapped);
      else this.insert(doc, wrapped, docBytes);
      return;
    }
    const r = BSON.deserialize(bytes, DESERIALIZE) as { o: string; id?: unknown };
    if (r.o === 'del') {
      const existing = this.get(normalize(r.id).value);
      if (existing) this.remove(existing);
    }
  }

  get indexes(): readonly IndexStore[] {
    this.read();
    return this.ix;
  }

  get size(): number {
    this.read();
    return this.byId.size;
  }

  get(id: unknown): Rec | undefined {
    this.read();
    return this.byId.get(keyOf(id));
  }

  all(): IterableIterator<Rec> {
    this.read();
    return this.byId.values();
  }

  /** Known without reading the documents. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...(this.stored ? this.stored.specs : this.ix.map((i) => i.spec))];
  }

  /** Inserts a normalized document; throws DuplicateKey without changing anything. */
  insert(input: Doc, wrapped?: boolean, raw?: Uint8Array): Rec {
    this.read();
    const doc = withId(input);
    if (Array.isArray(doc._id)) fail('BadValue', "can't use an array for _id");
    if (doc._id instanceof RegExp) fail('BadValue', "can't use a regex for _id");
    // As MongoDB 7.0: a field of an _id document may not start with "$" (deeper ones may).
    const dollar = isPlainObject(doc._id) ? Object.keys(doc._id).find((k) => k.startsWith('$')) : undefined;
    if (dollar) fail('DollarPrefixedFieldName', `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`);
    const id = keyOf(doc._id);
    // The client's bytes are the stored document unless an _id had to be added or moved first.
    const own = doc === input ? raw : undefined;
    const rec = makeRec(doc, wrapped, own ? own.length : -1);
    if (this.byId.has(id)) throw this.duplicateId(doc._id);
    const keys = this.ix.map((ix) => ix.keys(rec.view));
    for (const [i, ix] of this.ix.entries()) ix.checkUnique(rec, rec.view, keys[i].full);
    this.byId.add(id, rec);
    for (const [i, ix] of this.ix.entries()) ix.add(rec, keys[i]);
    if (!this.quiet) this.journal.put(this.db, this.name, doc, own);
    return rec;
  }

  /** Replaces a stored document (same `_id`) with a new version, keeping indexes consistent. */
  replace(rec: Rec, doc: Doc, wrapped?: boolean): Rec {
    this.read();
    const next = makeRec(doc, wrapped);
    const oldKeys = this.ix.map((ix) => ix.keys(rec.view));
    const newKeys = this.ix.map((ix) => ix.keys(next.view));
    for (const [i, ix] of this.ix.entries()) ix.checkUnique(next, next.view, newKeys[i].full, rec);
    this.ix.forEach((ix, i) => {
      ix.move(rec, next, oldKeys[i], newKeys[i]);
    });
    this.byId.replace(keyOf(doc._id), rec, next);
    if (!this.quiet) this.journal.put(this.db, this.name, doc);
    return next;
  }

  remove(rec: Rec): void {
    this.read();
    for (const ix of this.ix) ix.remove(rec, ix.keys(rec.view));
    this.byId.delete(keyOf(rec.doc._id), rec);
    if (!this.quiet) this.journal.del(this.db, this.name, rec.doc._id);
  }

  /** The documents matching a filter, looked up through `_id` or an index where the filter allows. */
  find(filter: Doc, { limit = 0, variables, collation }: FindOptions = {}): Rec[] {
    this.read();
    const query = compileFilter(filter, variables, collation);
    const out: Rec[] = [];
    // The indexes order strings by code point: under a collation only a scan finds every match.
    for (const rec of collation ? this.byId.values() : this.candidates(filter)) {
      if (query.test(rec.view)) {
        out.push(rec);
        if (limit > 0 && out.length >= limit) break;
      }
    }
    return out;
  }

  private candidates(filter: Doc): Iterable<Rec> {
    const eq = equalities(filter);
    if (eq.size === 0) return this.byId.values();
    const ids = eq.get('_id');
    if (ids) return ids.map((v) => this.byId.get(keyOf(v))).filter((r): r is Rec => !!r);
    let best: { ix: IndexStore; n: number } | null = null;
    for (const ix of this.ix) {
      if (!ix.complete) continue;
      let n = 0;
      while (n < ix.fields.length && eq.has(ix.fields[n])) n++;
      const usable = n === ix.fields.length ? n : n >= 1 ? 1 : 0;
      if (usable > 0 && (!best || usable > best.n)) best = { ix, n: usable };
    }
    if (!best) return this.byId.values();
    const found = best.ix.lookup(best.ix.fields.slice(0, best.n).map((f) => eq.get(f) as unknown[]));
    return found ?? this.byId.values();
  }

  createIndex(spec: IndexSpec): boolean {
    const same = this.indexSpecs().find((s) => s.name === spec.name);
    if (same) {
      if (keyOf(same.key) !== keyOf(spec.key))
        fail('IndexKeySpecsConflict', `An existing index has the same name as the requested index but a different key: ${spec.name}`);
      if (!!same.unique !== !!spec.unique || !!same.sparse !== !!spec.sparse)
        fail('IndexOptionsConflict', `An equivalent index already exists with the same name but different options: ${spec.name}`);
      return false;
    }
    this.read();
    const sameKey = this.ix.find(
      (i) => keyOf(i.spec.key) === keyOf(spec.key) && keyOf(i.spec.partialFilterExpression) === keyOf(spec.partialFilterExpression),
    );
    if (sameKey) fail('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.spec.name}`);
    if (keyOf(spec.key) === keyOf(ID_INDEX.key) && spec.name !== '_id_') fail('BadValue', 'The _id index must be named _id_');
    const ix = new IndexStore({ v: 2, ...spec });
    ix.ns = this.ns;
    for (const rec of this.byId.values()) {
      const keys = ix.keys(rec.view);
      ix.checkUnique(rec, rec.view, keys.full);
      ix.add(rec, keys);
    }
    this.ix.push(ix);
    if (!this.quiet) this.journal.createIndex(this.db, this.name, ix.spec);
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') fail('InvalidOptions', 'cannot drop _id index');
    this.read();
    const at = this.ix.findIndex((i) => i.spec.name === name);
    if (at < 0) fail('IndexNotFound', `index not found with name [${name}]`);
    this.ix.splice(at, 1);
    this.journal.dropIndex(this.db, this.name, name);
  }

  private duplicateId(id: unknown): Error {
    const ix = new IndexStore(ID_INDEX);
    ix.ns = this.ns;
    return ix.duplicate({ _id: id });
  }
}
