import { fail } from '../errors.ts';
import { compileFilter } from '../query.ts';
import { type Doc, isPlainObject, keyOf, valuesAtPath } from '../values.ts';
import type { Rec } from './record.ts';
import { ShardedMap } from './sharded-map.ts';

export interface IndexSpec {
  v?: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

/** A compound key made of more than this many combinations (arrays in several fields) is refused. */
const MAX_KEYS_PER_DOC = 10_000;

/**
 * One secondary index: hash maps from key to documents. Equality and $in on the whole key or on its
 * first field are answered without a scan; ranges and sorts still scan (documented limitation).
 */
export class IndexStore {
  readonly fields: string[];
  private readonly paths: string[][];
  private readonly partial: ReturnType<typeof compileFilter> | null;
  /** Whether any document was indexed through an array (then it may sit under several keys). */
  private multikey = false;
  // A key held by one document maps to it directly; a Set only where several share the key. A
  // unique index of a million documents would otherwise hold a million one-element Sets.
  // Sharded: one Map of a million keys stalls a write for 170 ms each time V8 rehashes it.
  private readonly full = new ShardedMap<Holders>();
  private readonly first = new ShardedMap<Holders>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((f) => f.split('.'));
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
  }

  /** Whether lookups through this index see every document (sparse and partial indexes do not). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  private perField(view: Doc): string[][] {
    return this.paths.map((p) => {
      const vals = valuesAtPath(view, p);
      if (vals.length === 0) return ['n'];
      const keys = new Set<string>();
      for (const v of vals) {
        keys.add(keyOf(v));
        // Multikey: an array is indexed by each element as well as by itself.
        if (Array.isArray(v)) for (const el of v) keys.add(keyOf(el));
        if (Array.isArray(v) && v.length === 0) keys.add('n');
      }
      return [...keys];
    });
  }

  /** The keys of a document whose indexed paths hold no arrays (nearly all): one key per field. */
  private scalarKeys(view: Doc): { full: string[]; first: string[] } | null {
    let full = '';
    let first = '';
    for (let i = 0; i < this.paths.length; i++) {
      let v: unknown = view;
      for (const seg of this.paths[i]) {
        if (!isPlainObject(v)) return null;
        v = v[seg];
      }
      if (Array.isArray(v)) return null;
      const k = v === undefined ? 'n' : keyOf(v);
      if (i === 0) {
        full = k;
        first = k;
      } else full += `\u0000${k}`;
    }
    return { full: [full], first: this.fields.length > 1 ? [first] : [] };
  }

  private excluded(view: Doc): boolean {
    if (this.partial && !this.partial.test(view)) return true;
    return !!this.spec.sparse && this.paths.every((p) => valuesAtPath(view, p).length === 0);
  }

  keys(view: Doc): { full: string[]; first: string[] } {
    if (this.excluded(view)) return { full: [], first: [] };
    const scalar = this.scalarKeys(view);
    if (scalar) return scalar;
    // An array in an indexed path: from now on lookups de-duplicate (conservatively, for good).
    this.multikey = true;
    const per = this.perField(view);
    let combos: string[] = [''];
    for (const [i, keys] of per.entries()) {
      if (combos.length * keys.length > MAX_KEYS_PER_DOC) fail('BadValue', `too many index keys for index ${this.spec.name}`);
      combos = combos.flatMap((c) => keys.map((k) => (i === 0 ? k : `${c}\u0000${k}`)));
    }
    return { full: combos, first: this.fields.length > 1 ? per[0] : [] };
  }

  /** Throws DuplicateKey when another document already holds one of these keys in a unique index. */
  checkUnique(rec: Rec, view: Doc, keys: string[], ignore?: Rec): void {
    if (!this.spec.unique) return;
    for (const k of keys) {
      const holders = this.full.get(k);
      if (!holders) continue;
      for (const other of each(holders)) {
        if (other !== rec && other !== ignore) throw this.duplicate(view);
      }
    }
  }

  duplicate(view: Doc): Error {
    const keyValue: Doc = {};
    for (const [i, f] of this.fields.entries()) {
      const vals = valuesAtPath(view, this.paths[i]);
      keyValue[f] = vals.length ? vals[0] : null;
    }
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${JSON.stringify(v instanceof Object && 'toHexString' in v ? String(v) : v)}`)
      .join(', ');
    try {
      fail('DuplicateKey', `E11000 duplicate key error collection: ${this.ns} index: ${this.spec.name} dup key: { ${shown} }`, {
        keyPattern: this.spec.key,
        keyValue,
      });
    } catch (e) {
      return e as Error;
    }
  }

  ns = '';

  add(rec: Rec, keys: { full: string[]; first: string[] }): void {
    for (const k of keys.full) put(this.full, k, rec);
    for (const k of keys.first) put(this.first, k, rec);
  }

  remove(rec: Rec, keys: { full: string[]; first: string[] }): void {
    for (const k of keys.full) take(this.full, k, rec);
    for (const k of keys.first) take(this.first, k, rec);
  }

  /**
   * A document's new version takes the old one's place. Under a key both versions have, the holder is
   * swapped in place: most updates leave indexed fields alone, and a delete and re-add per update
   * filled the maps with deleted entries, which V8 then cleaned out by rehashing them whole.
   */
  move(old: Rec, next: Rec, oldKeys: { full: string[]; first: string[] }, newKeys: { full: string[]; first: string[] }): void {
    moveUnder(this.full, old, next, oldKeys.full, newKeys.full);
    moveUnder(this.first, old, next, oldKeys.first, newKeys.first);
  }

  /** Documents whose leading `n` fields take one of the given values each (n = 1 or all fields). */
  lookup(valuesPerField: unknown[][]): Iterable<Rec> | null {
    const n = valuesPerField.length;
    const map = n === this.fields.length ? this.full : n === 1 ? this.first : null;
    if (!map) return null;
    let combos: string[] = [''];
    for (const [i, vals] of valuesPerField.entries()) {
      if (combos.length * vals.length > MAX_KEYS_PER_DOC) return null;
      combos = combos.flatMap((c) => vals.map((v) => (i === 0 ? keyOf(v) : `${c}\u0000${keyOf(v)}`)));
    }
    // Without arrays in the indexed fields a document sits under one key only, so the holders of
    // distinct keys need no de-duplication (a recompute looks up 25,000 documents at a time).
    const out: Rec[] | Set<Rec> = this.multikey ? new Set<Rec>() : [];
    for (const k of new Set(combos)) {
      const holders = map.get(k);
      if (!holders) continue;
      if (Array.isArray(out)) {
        if (holders instanceof Set) for (const r of holders) out.push(r);
        else out.push(holders);
      } else for (const r of each(holders)) out.add(r);
    }
    return out;
  }
}

type Holders = Rec | Set<Rec>;

const each = (h: Holders): Iterable<Rec> => (h instanceof Set ? h : [h]);

function put(map: ShardedMap<Holders>, k: string, rec: Rec): void {
  const h = map.get(k);
  if (h === undefined) map.set(k, rec);
  else if (h instanceof Set) h.add(rec);
  else if (h !== rec) map.set(k, new Set([h, rec]));
}

function moveUnder(map: ShardedMap<Holders>, old: Rec, next: Rec, was: string[], now: string[]): void {
  if (was.length === 1 && now.length === 1 && was[0] === now[0]) {
    const h = map.get(was[0]);
    if (h === old) map.set(was[0], next);
    else if (h instanceof Set) {
      h.delete(old);
      h.add(next);
    } else put(map, was[0], next);
    return;
  }
  for (const k of was) take(map, k, old);
  for (const k of now) put(map, k, next);
}

function take(map: ShardedMap<Holders>, k: string, rec: Rec): void {
  const h = map.get(k);
  if (h === undefined) return;
  if (!(h instanceof Set)) {
    if (h === rec) map.delete(k);
    return;
  }
  h.delete(rec);
  if (h.size === 1) map.set(k, h.values().next().value as Rec);
  else if (h.size === 0) map.delete(k);
}
