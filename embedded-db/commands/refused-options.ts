/**
 * Options the embedded server does not implement, refused with MongoDB's NotImplemented rather than
 * ignored: ignoring one would change a result without a word (a case-insensitive collation ignored
 * would match fewer documents).
 *
 * A collation is applied by the commands that filter and sort (find, count, distinct, aggregate,
 * findAndModify, and each update and delete statement); it is refused on the rest (a collection's or
 * an index's default collation), and wherever those commands would compare strings without it
 * (expressions, grouping, joins, array updates).
 */
import { parseCollation } from '../collation.ts';
import { fail } from '../errors.ts';
import { mentionsExpr } from '../query.ts';
import { type Doc, isPlainObject } from '../values.ts';

const COLLATED_COMMANDS = new Set(['find', 'count', 'distinct', 'aggregate', 'findAndModify', 'findandmodify']);
/** Statement lists whose statements carry a collation the server applies. */
const COLLATED_STATEMENTS = new Set(['updates', 'deletes']);

const isSimple = (c: unknown) => isPlainObject(c) && c.locale === 'simple';

/** Whether an option is set: present, and not false, null or an empty document. */
const isSet = (v: unknown) => v !== undefined && v !== null && v !== false && !(isPlainObject(v) && Object.keys(v).length === 0);

/**
 * Options of particular commands that would change the answer and are not implemented: index bounds
 * and index keys instead of documents (find), a plan instead of results (aggregate's explain),
 * collections that limit or check what they hold (create).
 */
const REFUSED: Record<string, string[]> = {
  find: ['min', 'max', 'returnKey', 'showRecordId'],
  aggregate: ['explain'],
  create: ['capped', 'validator', 'timeseries', 'clusteredIndex', 'encryptedFields'],
};

export function refuseUnsupportedOptions(cmd: Doc): void {
  const name = Object.keys(cmd)[0];
  for (const option of REFUSED[name] ?? [])
    if (isSet(cmd[option])) fail('NotImplemented', `${name} with ${option} is not supported by the embedded server`);
  // There are no capped collections here, so no cursor can be tailable (MongoDB's answer on any other collection).
  if (name === 'find' && (isSet(cmd.tailable) || isSet(cmd.awaitData)))
    fail('BadValue', 'error processing query: tailable cursor requested on non capped collection');
  const check = (o: Doc, where: string) => {
    if (o.collation !== undefined && !isSimple(o.collation))
      fail('NotImplemented', `${where}collation: only the simple collation ({locale: "simple"}) is supported here by the embedded server`);
  };
  if (!COLLATED_COMMANDS.has(name)) check(cmd, '');
  for (const list of ['updates', 'deletes', 'indexes']) {
    const items = cmd[list];
    if (!Array.isArray(items) || COLLATED_STATEMENTS.has(list)) continue;
    for (const [i, s] of items.entries()) if (isPlainObject(s)) check(s, `${list}[${i}].`);
  }
}

/** Operators that compare values inside expressions, update operators and stages that take no collation here. */
const COMPARING = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$cmp',
  '$in',
  '$indexOfArray',
  '$setEquals',
  '$setIntersection',
  '$setUnion',
  '$setDifference',
  '$setIsSubset',
  '$max',
  '$min',
  '$sortArray',
  '$group',
  '$bucket',
  '$bucketAuto',
  '$sortByCount',
  '$lookup',
  '$graphLookup',
  '$unionWith',
  '$facet',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$merge',
  '$out',
  '$addToSet',
  '$pull',
  '$pullAll',
]);

/** The first of `keys` used as a field name anywhere in `v`. */
function mentions(v: unknown, keys: Set<string>): string | null {
  if (Array.isArray(v)) {
    for (const el of v) {
      const found = mentions(el, keys);
      if (found) return found;
    }
    return null;
  }
  if (!isPlainObject(v)) return null;
  for (const [k, sub] of Object.entries(v)) {
    if (keys.has(k)) return k;
    const found = mentions(sub, keys);
    if (found) return found;
  }
  return null;
}

const refuse = (what: string): never => fail('NotImplemented', `${what} with a collation is not supported by the embedded server`);

/** A pipeline's stages after its leading $match, run under a collation: $match and $sort take it; nothing else may compare strings. */
export function refuseUncollatedStages(stages: Doc[]): void {
  for (const stage of stages) {
    const op = isPlainObject(stage.$match)
      ? mentionsExpr(stage.$match)
        ? '$expr or $where'
        : null
      : isPlainObject(stage.$sort)
        ? null
        : isPlainObject(stage.$group) && isConstant(stage.$group._id)
          ? mentions({ ...stage.$group, _id: null }, COMPARING)
          : mentions(stage, COMPARING);
    if (op) refuse(op);
  }
}

/** A group key that compares no strings: one group, as countDocuments' `{$group: {_id: 1, n: {$sum: 1}}}`. */
const isConstant = (key: unknown) => key === null || typeof key === 'number' || typeof key === 'boolean';

/** An update (operators or pipeline) run under a collation: the statement's filter takes it; its array operators and expressions would not. */
export function refuseUncollatedUpdate(u: unknown, arrayFilters: unknown): void {
  if (arrayFilters !== undefined) refuse('arrayFilters');
  const op = mentions(u, COMPARING);
  if (op) refuse(op);
}

/** A statement's or command's collation, checked (null: none or simple). */
export const collationOf = (o: Doc) => parseCollation(o.collation);
