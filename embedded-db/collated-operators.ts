/**
 * The query operators that compare values ($eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $all), comparing
 * strings by a collation, for filters run with one. Same semantics as MongoDB's without: a field
 * matches when its value or any element of its array value does, a missing field equals null, and
 * $gt and kin compare only within one type bracket.
 */
import { compareValues, type StringOrder, sameBracket } from './bson-order.ts';
import type { Collation } from './collation.ts';
import { fail } from './errors.ts';
import { type Doc, isPlainObject, valuesAtPath } from './values.ts';

type Predicate = (o: Doc) => boolean;
type Operator = (selector: string, value: unknown) => Predicate;

/** The values a field offers to a comparison: each value found, and the elements of array values. */
function candidates(o: Doc, path: string[]): unknown[] | null {
  const found = valuesAtPath(o, path);
  if (found.length === 0) return null;
  return found.flatMap((v) => (Array.isArray(v) ? [v, ...v] : [v]));
}

export function collatedOperators(collation: Collation): Record<string, Operator> {
  const strings: StringOrder = collation.compare;
  const same = (x: unknown, v: unknown) => compareValues(x, v, strings) === 0;
  // In an $in list a regular expression is a pattern; after $eq it is a value like any other.
  const matches = (x: unknown, v: unknown) => (v instanceof RegExp ? typeof x === 'string' && v.test(x) : same(x, v));
  const equals = (path: string[], v: unknown) => (o: Doc) => {
    const values = candidates(o, path);
    return values === null ? v === null : values.some((x) => same(x, v));
  };
  const oneOf = (selector: string, list: unknown) => {
    if (!Array.isArray(list)) fail('BadValue', `$in needs an array`);
    const path = selector.split('.');
    return (o: Doc) => {
      const values = candidates(o, path);
      return values === null ? list.includes(null) : list.some((v) => values.some((x) => matches(x, v)));
    };
  };
  const ordered =
    (test: (c: number) => boolean): Operator =>
    (selector, v) => {
      const path = selector.split('.');
      return (o) => (candidates(o, path) ?? [null]).some((x) => sameBracket(x, v) && test(compareValues(x, v, strings)));
    };
  return {
    $eq: (selector, v) => equals(selector.split('.'), v),
    $ne: (selector, v) => {
      const eq = equals(selector.split('.'), v);
      return (o) => !eq(o);
    },
    $in: oneOf,
    $nin: (selector, list) => {
      const inList = oneOf(selector, list);
      return (o) => !inList(o);
    },
    $gt: ordered((c) => c > 0),
    $gte: ordered((c) => c >= 0),
    $lt: ordered((c) => c < 0),
    $lte: ordered((c) => c <= 0),
    $all: (selector, list) => {
      if (!Array.isArray(list)) fail('BadValue', '$all needs an array');
      if (list.some((v) => isPlainObject(v) && '$elemMatch' in v))
        fail('NotImplemented', '$all with $elemMatch under a collation is not supported by the embedded server');
      const each = list.map((v) => equals(selector.split('.'), v));
      return (o) => each.length > 0 && each.every((eq) => eq(o));
    },
  };
}
