/**
 * How the embedded server holds BSON values.
 *
 * Documents arrive deserialized with `promoteValues: false`; `normalize` turns Int32 and non-integral
 * Doubles into plain numbers and keeps integral Doubles and Longs as their wrapper classes, so that
 * re-serializing gives back the type the client sent (a plain JS number serializes as int32 when it
 * is a whole number and as double otherwise). mingo does not understand the wrappers, so every
 * document that holds one also has a "view" in which they are plain numbers; matching, sorting and
 * aggregation run on the view, while clients get the typed document back.
 */
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';

export type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Doc =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

export { isPlainObject };

/** In-place: Int32 → number, fractional Double → number; whole Double and Long stay wrapped. Returns whether a wrapper remains. */
export function normalize(value: unknown): { value: unknown; wrapped: boolean } {
  sawWrapper = false;
  const v = normalized(value);
  return { value: v, wrapped: sawWrapper };
}

// Set by `normalized` when a wrapper stays: one flag instead of a result object per value, since
// every field of every written document passes through here.
let sawWrapper = false;

function normalized(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Int32) return value.value;
  if (value instanceof Double) {
    const n = value.value;
    // -0 and whole numbers would come back as int32; keep them wrapped.
    if (Number.isInteger(n)) {
      sawWrapper = true;
      return value;
    }
    return n;
  }
  if (value instanceof Long || value instanceof Decimal128) {
    sawWrapper = true;
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalized(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const k of Object.keys(value)) value[k] = normalized(value[k]);
    return value;
  }
  return value;
}

/** The Decimal128 as a JS number when that number prints back as the same decimal, else null. */
export function exactDecimal(d: Decimal128): number | null {
  const s = d.toString();
  const n = Number(s);
  return Number.isFinite(n) && String(n) === s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') ? n : null;
}

/**
 * A copy in which Double, (safe) Long and exactly representable Decimal128 wrappers are plain
 * numbers, for mingo (which compares numbers only as JS numbers).
 */
export function toView(value: unknown): unknown {
  if (value instanceof Double) return value.value;
  if (value instanceof Long) {
    const n = value.toNumber();
    return Number.isSafeInteger(n) ? n : value;
  }
  if (value instanceof Decimal128) return exactDecimal(value) ?? value;
  if (Array.isArray(value)) return value.map(toView);
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const k of Object.keys(value)) out[k] = toView(value[k]);
    return out;
  }
  return value;
}

export function hasWrappers(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Double || value instanceof Long || value instanceof Decimal128) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (hasWrappers(v)) return true;
    return false;
  }
  if (isPlainObject(value)) {
    for (const k in value) if (hasWrappers(value[k])) return true;
  }
  return false;
}

/**
 * After an update computed on the view, give numbers back the wrapper type they had before: a Long
 * that was incremented stays a Long, an untouched whole Double stays a Double.
 */
export function retype(next: unknown, before: unknown): unknown {
  if (typeof next === 'number') {
    if (before instanceof Long && Number.isInteger(next)) return before.toNumber() === next ? before : Long.fromNumber(next);
    if (before instanceof Double) return before.value === next || Number.isInteger(next) ? new Double(next) : next;
    if (before instanceof Decimal128) return exactDecimal(before) === next ? before : Decimal128.fromString(String(next));
    return next;
  }
  if (Array.isArray(next)) {
    const prev = Array.isArray(before) ? before : [];
    return next.map((v, i) => retype(v, prev[i]));
  }
  if (isPlainObject(next)) {
    const prev = isPlainObject(before) ? before : {};
    const out: Doc = {};
    for (const k of Object.keys(next)) out[k] = retype(next[k], prev[k]);
    return out;
  }
  return next;
}

/** Deep copy of containers; immutable BSON leaves are shared, Dates copied. */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const k of Object.keys(value)) out[k] = clone(value[k]);
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  return value;
}

/**
 * A string that is equal for two values exactly when MongoDB's equality says they are equal
 * (1, 1.0 and NumberLong(1) are one key; field order in sub-documents matters). Used for index keys.
 */
export function keyOf(value: unknown): string {
  if (value === null || value === undefined) return 'n';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `N${numberKey(value)}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return `N${value.toString()}`;
  }
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof Double) return `N${numberKey(value.value)}`;
  if (value instanceof Int32) return `N${value.value}`;
  if (value instanceof Long) return `N${value.toString()}`;
  if (value instanceof Decimal128) return `N${decimalKey(value)}`;
  if (value instanceof Binary) return `x${value.sub_type}:${Buffer.from(value.buffer).toString('base64')}`;
  if (value instanceof Timestamp) return `t${value.toString()}`;
  if (value instanceof RegExp) return `r${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[${value.map(keyOf).join(',')}]`;
  if (isPlainObject(value)) {
    let s = '{';
    for (const k of Object.keys(value)) s += `${JSON.stringify(k)}:${keyOf(value[k])},`;
    return `${s}}`;
  }
  const bsontype = (value as { _bsontype?: string })._bsontype;
  return `?${bsontype ?? typeof value}:${String(value)}`;
}

function numberKey(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  if (Object.is(n, -0)) return '0';
  return String(n);
}

function decimalKey(d: Decimal128): string {
  const n = exactDecimal(d);
  return n === null ? d.toString() : numberKey(n);
}

/** Every value found at a dotted path, expanding arrays on the way (MongoDB's multikey semantics). */
export function valuesAtPath(doc: unknown, path: string[], i = 0): unknown[] {
  if (i === path.length) return [doc];
  if (Array.isArray(doc)) {
    const key = path[i];
    if (/^\d+$/.test(key) && doc.length > Number(key)) return valuesAtPath(doc[Number(key)], path, i + 1);
    return doc.flatMap((el) => (isPlainObject(el) || Array.isArray(el) ? valuesAtPath(el, path, i) : []));
  }
  if (isPlainObject(doc)) {
    const next = doc[path[i]];
    return next === undefined ? [] : valuesAtPath(next, path, i + 1);
  }
  return [];
}

/** The value at a dotted path without array expansion, or undefined. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (isPlainObject(cur)) cur = cur[part];
    else if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else return undefined;
  }
  return cur;
}

/** Sets a dotted path, creating sub-documents on the way. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {};
    cur = cur[part] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}
