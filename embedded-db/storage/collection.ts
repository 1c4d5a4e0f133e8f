import type { Collation } from '../collation.ts';
import { fail } from '../errors.ts';
import { compileFilter } from '../query.ts';
import { type Doc, isPlainObject, keyOf } from '../values.ts';
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

/** One collection: documents by `_id` in insertion order (record-table.ts), plus its secondary indexes. */
export class Collection {
  private readonly byId = new RecordTable();
  readonly indexes: IndexStore[] = [];

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc,
    private readonly journal: Journal,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: unknown): Rec | undefined {
    return this.byId.get(keyOf(id));
  }

  all(): IterableIterator<Rec> {
    return this.byId.values();
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)];
  }

  /** Inserts a normalized document; throws DuplicateKey without changing anything. */
  insert(input: Doc, wrapped?: boolean, raw?: Uint8Array): Rec {
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
    const keys = this.indexes.map((ix) => ix.keys(rec.view));
    for (const [i, ix] of this.indexes.entries()) ix.checkUnique(rec, rec.view, keys[i].full);
    this.byId.add(id, rec);
    for (const [i, ix] of this.indexes.entries()) ix.add(rec, keys[i]);
    this.journal.put(this.db, this.name, doc, own);
    return rec;
  }

  /** Replaces a stored document (same `_id`) with a new version, keeping indexes consistent. */
  replace(rec: Rec, doc: Doc, wrapped?: boolean): Rec {
    const next = makeRec(doc, wrapped);
    const oldKeys = this.indexes.map((ix) => ix.keys(rec.view));
    const newKeys = this.indexes.map((ix) => ix.keys(next.view));
    for (const [i, ix] of this.indexes.entries()) ix.checkUnique(next, next.view, newKeys[i].full, rec);
    this.indexes.forEach((ix, i) => {
      ix.move(rec, next, oldKeys[i], newKeys[i]);
    });
    this.byId.replace(keyOf(doc._id), rec, next);
    this.journal.put(this.db, this.name, doc);
    return next;
  }

  remove(rec: Rec): void {
    for (const ix of this.indexes) ix.remove(rec, ix.keys(rec.view));
    this.byId.delete(keyOf(rec.doc._id), rec);
    this.journal.del(this.db, this.name, rec.doc._id);
  }

  /** The documents matching a filter, looked up through `_id` or an index where the filter allows. */
  find(filter: Doc, { limit = 0, variables, collation }: FindOptions = {}): Rec[] {
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
    for (const ix of this.indexes) {
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
    const sameKey = this.indexes.find(
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
    this.indexes.push(ix);
    this.journal.createIndex(this.db, this.name, ix.spec);
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') fail('InvalidOptions', 'cannot drop _id index');
    const at = this.indexes.findIndex((i) => i.spec.name === name);
    if (at < 0) fail('IndexNotFound', `index not found with name [${name}]`);
    this.indexes.splice(at, 1);
    this.journal.dropIndex(this.db, this.name, name);
  }

  private duplicateId(id: unknown): Error {
    const ix = new IndexStore(ID_INDEX);
    ix.ns = this.ns;
    return ix.duplicate({ _id: id });
  }
}
