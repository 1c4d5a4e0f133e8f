/**
 * MongoDB's comparison/sort order across BSON types
 * (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/):
 * MinKey < null < numbers < strings < objects < arrays < BinData < ObjectId < booleans < Date
 * < Timestamp < RegExp < MaxKey. mingo's own comparator is wrong across types and slow on Dates.
 */
import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { fail } from './errors.ts';
import { isPlainObject, valuesAtPath } from './values.ts';

function rank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (v instanceof Date) return 9;
  if (v instanceof Double || v instanceof Int32 || v instanceof Long || v instanceof Decimal128) return 2;
  if (v instanceof ObjectId) return 7;
  if (Array.isArray(v)) return 5;
  if (v instanceof Binary) return 6;
  if (v instanceof Timestamp) return 10;
  if (v instanceof RegExp) return 11;
  if (v instanceof MinKey) return 0;
  if (v instanceof MaxKey) return 12;
  return 4;
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Double || v instanceof Int32) return v.value;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return Number.NaN;
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How strings compare: by code point, or by a collation's rules. */
export type StringOrder = (a: string, b: string) => number;

/** Whether two values are of one comparison bracket (numbers of any type are one): `$gt` and kin compare only within one. */
export const sameBracket = (a: unknown, b: unknown): boolean => rank(a) === rank(b);

export function compareValues(a: unknown, b: unknown, strings: StringOrder = cmp): number {
  // Fast paths for the common same-type cases.
  if (typeof a === 'number' && typeof b === 'number') return cmp(a, b);
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime());
  if (typeof a === 'string' && typeof b === 'string') return strings(a, b);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2: {
      const x = toNumber(a);
      const y = toNumber(b);
      // NaN sorts below every other number.
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return cmp(x, y);
    }
    case 4:
      return compareDocs(a as Record<string, unknown>, b as Record<string, unknown>, strings);
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i], strings);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 6: {
      const x = a as Binary;
      const y = b as Binary;
      return x.length() - y.length() || x.sub_type - y.sub_type || Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer));
    }
    case 7:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case 8:
      return Number(a) - Number(b);
    case 10:
      return (a as Timestamp).compare(b as Timestamp);
    case 11:
      return cmp(String(a), String(b));
    default:
      return 0;
  }
}

function compareDocs(a: Record<string, unknown>, b: Record<string, unknown>, strings: StringOrder): number {
  if (!isPlainObject(a) || !isPlainObject(b)) return 0;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    // Field names compare by code point under any collation, as in MongoDB.
    const c = rank(a[ka[i]]) - rank(b[kb[i]]) || cmp(ka[i], kb[i]) || compareValues(a[ka[i]], b[kb[i]], strings);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

export type SortSpec = Array<[path: string[], direction: 1 | -1]>;

/** A sort specification's keys and directions, checked; `$natural` is left to `naturalOrder`. */
export function parseSort(sort: Record<string, unknown> | undefined): SortSpec {
  if (!sort) return [];
  const spec: SortSpec = [];
  for (const [k, v] of Object.entries(sort)) {
    if (k === '$natural') continue;
    if (isPlainObject(v) && '$meta' in v) fail('NotImplemented', `sorting by {$meta: ...} is not supported by the embedded server`);
    const n = toNumber(v);
    if (n !== 1 && n !== -1) fail('Location15975', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    spec.push([k.split('.'), n]);
  }
  return spec;
}

/** `{$natural: -1}`: insertion order reversed; 1 for `{$natural: 1}` or none. */
export const naturalOrder = (sort: Record<string, unknown> | undefined): 1 | -1 => (sort && toNumber(sort.$natural) === -1 ? -1 : 1);

/**
 * The value a document sorts by on one key: for arrays, the smallest element ascending and the
 * largest descending; a missing field sorts as null.
 */
export function sortKey(doc: unknown, path: string[], direction: 1 | -1, strings: StringOrder = cmp): unknown {
  const values = valuesAtPath(doc, path).flatMap((v) => (Array.isArray(v) ? (v.length ? v : [undefined]) : [v]));
  if (values.length === 0) return null;
  let best = values[0];
  for (const v of values.slice(1)) if (compareValues(v, best, strings) * direction < 0) best = v;
  return best ?? null;
}

/** Sorts items by their documents, decorating each once so a sort of n documents extracts n keys, not n log n. */
export function sortBy<T>(items: T[], docOf: (item: T) => unknown, spec: SortSpec, strings: StringOrder = cmp): T[] {
  if (spec.length === 0) return items;
  const decorated = items.map((item, i) => ({ item, i, keys: spec.map(([p, d]) => sortKey(docOf(item), p, d, strings)) }));
  decorated.sort((x, y) => {
    for (let k = 0; k < spec.length; k++) {
      const c = compareValues(x.keys[k], y.keys[k], strings);
      if (c !== 0) return c * spec[k][1];
    }
    return x.i - y.i;
  });
  return decorated.map((d) => d.item);
}
