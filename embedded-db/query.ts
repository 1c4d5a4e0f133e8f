/**
 * Filters, compiled once per command and tested against the plain-number view of each document.
 * `$type` is replaced: mingo cannot tell int from long from double in JS numbers, so ours reads the
 * typed document that every view points back to.
 */
import { Binary, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { Context } from 'mingo';
import * as expressionOps from 'mingo/operators/expression';
import * as queryOps from 'mingo/operators/query';
import { Query } from 'mingo/query';
import { collatedOperators } from './collated-operators.ts';
import type { Collation } from './collation.ts';
import { fail, MongoServerError } from './errors.ts';
import { type Doc, isPlainObject, keyOf, toView, valuesAtPath } from './values.ts';

/** Non-enumerable link from a view to the typed document it was made from. */
export const TYPED = Symbol('typed');

const ALIASES: Record<string, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  '-1': 'minKey',
  127: 'maxKey',
};

export function bsonType(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'bigint' || v instanceof Long) return 'long';
  if (v instanceof Double) return 'double';
  if (v instanceof Int32) return 'int';
  if (v instanceof Decimal128) return 'decimal';
  if (v instanceof Date) return 'date';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof Binary) return 'binData';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof Timestamp) return 'timestamp';
  if (v instanceof Code) return 'javascript';
  if (v instanceof MinKey) return 'minKey';
  if (v instanceof MaxKey) return 'maxKey';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const NUMBER_TYPES = new Set(['int', 'long', 'double', 'decimal']);

function typeIs(v: unknown, wanted: string): boolean {
  const t = bsonType(v);
  return wanted === 'number' ? NUMBER_TYPES.has(t) : t === wanted;
}

/** mingo's `$type` cannot tell int from long from double in plain numbers: this one reads the typed document. */
export function $type(selector: string, value: unknown) {
  const wanted = (Array.isArray(value) ? value : [value]).map((w) => {
    const name = typeof w === 'number' ? ALIASES[String(w)] : String(w);
    if (!name || !(name === 'number' || Object.values(ALIASES).includes(name))) fail('BadValue', `Unknown type name alias: ${String(w)}`);
    return name;
  });
  const path = selector.split('.');
  return (o: Doc) => {
    const typed = (o as Record<symbol, unknown>)[TYPED] ?? o;
    return valuesAtPath(typed, path).some(
      (v) => wanted.some((w) => typeIs(v, w)) || (Array.isArray(v) && v.some((el) => wanted.some((w) => typeIs(el, w)))),
    );
  };
}

// Built whole rather than merged: mingo's context merge lets the first definition of an operator win.
// mingo copies the context on every Query it compiles, so filters without $expr get the small one.
const QUERY_CONTEXT = Context.init({ query: { ...queryOps, $type } as never });
const FULL_CONTEXT = Context.init({ query: { ...queryOps, $type } as never, expression: expressionOps as never });

export const queryContext = QUERY_CONTEXT;

/** Whether a filter holds an expression ($expr, $where) anywhere: expressions take no collation, and need the full context. */
export function mentionsExpr(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(mentionsExpr);
  if (!isPlainObject(v)) return false;
  return Object.entries(v).some(([k, sub]) => k === '$expr' || k === '$where' || mentionsExpr(sub));
}

export interface Matcher {
  test(view: Doc): boolean;
}

/** Leaf values an equality filter may name without needing mingo (no regex, no sub-document). */
const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date || v instanceof ObjectId;

/**
 * `{a: 1, 'b.c': 'x'}` and `{a: {$in: [...]}}` — the shapes of lookups by natural key and of batch
 * loads — are matched here by hashing, where mingo compares with every $in value in turn;
 * with MongoDB's semantics (array elements match, null matches a missing field).
 */
function equalityMatcher(filter: Doc): Matcher | null {
  // Each condition: the set of keys a value at the path may have ({a: 1} or {a: {$in: [1, 2]}}).
  const conds: Array<[string[], Set<string>]> = [];
  for (const [k, v] of Object.entries(filter)) {
    if (k.startsWith('$')) return null;
    if (isScalar(v)) conds.push([k.split('.'), new Set([keyOf(toView(v))])]);
    else if (isPlainObject(v) && Object.keys(v).length === 1 && Array.isArray(v.$in) && v.$in.every(isScalar))
      conds.push([k.split('.'), new Set(v.$in.map((x) => keyOf(toView(x))))]);
    else return null;
  }
  return {
    test: (view) =>
      conds.every(([path, keys]) => {
        const found = valuesAtPath(view, path);
        if (found.length === 0) return keys.has('n');
        return found.some((v) => keys.has(keyOf(v)) || (Array.isArray(v) && v.some((el) => keys.has(keyOf(el)))));
      }),
  };
}

/**
 * `variables`: a command's `let`, read as `$$name` by the filter's expressions; `collation`: how the
 * filter compares strings (expressions do not take one: refused with it).
 */
export function compileFilter(filter: Doc, variables?: Doc, collation?: Collation | null): Matcher {
  if (!isPlainObject(filter)) fail('TypeMismatch', 'filter must be an object');
  if (collation && mentionsExpr(filter)) fail('NotImplemented', '$expr or $where with a collation is not supported by the embedded server');
  const fast = collation ? null : equalityMatcher(filter);
  if (fast) return fast;
  try {
    const context = collation
      ? Context.init({ query: { ...queryOps, $type, ...collatedOperators(collation) } as never })
      : mentionsExpr(filter)
        ? FULL_CONTEXT
        : QUERY_CONTEXT;
    return new Query(toView(filter) as Doc, variables ? { context, variables: toView(variables) as Doc } : { context });
  } catch (e) {
    if (e instanceof MongoServerError) throw e;
    fail('BadValue', (e as Error).message);
  }
}
