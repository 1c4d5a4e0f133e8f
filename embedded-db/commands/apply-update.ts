import { aggregate } from 'mingo';
import { update as mingoUpdateWith } from 'mingo/updater';
import { fail, MongoServerError } from '../errors.ts';
import { queryContext } from '../query.ts';
import type { Rec } from '../storage/record.ts';
import { clone, type Doc, getPath, hasWrappers, isPlainObject, keyOf, normalize, retype, setPath, toView } from '../values.ts';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$rename',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);

export type UpdateSpec = Doc | Doc[];

const mingoUpdate = (obj: Doc, modifier: Doc, arrayFilters?: Doc[]) =>
  mingoUpdateWith(obj, modifier as never, arrayFilters, undefined, { queryOptions: { context: queryContext } });

const UNSET = Symbol('unset');

/** `$set`/`$setOnInsert`/`$unset` of plain top-level or dotted paths: applied directly, the bulk-import case. */
function plainSet(u: Doc, inserting: boolean): Array<[string, unknown]> | null {
  const out: Array<[string, unknown]> = [];
  for (const [op, fields] of Object.entries(u)) {
    if (op !== '$set' && op !== '$setOnInsert' && op !== '$unset') return null;
    if (op === '$setOnInsert' && !inserting) continue;
    for (const [path, v] of Object.entries(fields as Doc)) {
      if (path.includes('$') || /(^|\.)\d+(\.|$)/.test(path) || path === '_id' || path.startsWith('_id.')) return null;
      if (op === '$unset' && path.includes('.')) return null;
      out.push([path, op === '$unset' ? UNSET : v]);
    }
  }
  return out;
}

export function isOperatorUpdate(u: UpdateSpec): u is Doc {
  return !Array.isArray(u) && Object.keys(u).length > 0 && Object.keys(u)[0].startsWith('$');
}

/** Rejects what MongoDB rejects before touching any document: unknown operators, conflicting paths. */
export function validateUpdate(u: unknown): asserts u is UpdateSpec {
  if (Array.isArray(u)) return;
  if (!isPlainObject(u)) fail('FailedToParse', 'Update argument must be either an object or an array');
  if (!isOperatorUpdate(u)) {
    for (const k of Object.keys(u))
      if (k.startsWith('$')) fail('DollarPrefixedFieldName', `The dollar ($) prefixed field '${k}' in '${k}' is not allowed`);
    return;
  }
  const seen: string[] = [];
  for (const [op, fields] of Object.entries(u)) {
    if (!OPERATORS.has(op))
      fail('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (!isPlainObject(fields)) fail('FailedToParse', `Modifiers operate on fields but we found type ${typeof fields} instead`);
    const paths = Object.keys(fields);
    if (op === '$rename') paths.push(...Object.values(fields).map(String));
    for (const p of paths) {
      const clash = seen.find((s) => s === p || s.startsWith(`${p}.`) || p.startsWith(`${s}.`));
      if (clash)
        fail('ConflictingUpdateOperators', `Updating the path '${p}' would create a conflict at '${clash.length < p.length ? clash : p}'`);
      seen.push(p);
    }
  }
}

export interface Applied {
  doc: Doc;
  wrapped: boolean;
  changed: boolean;
}

/**
 * Applies an update to a stored document (or, for an upsert, to the seed built from the filter).
 * Operators run through mingo on the plain-number view; numbers then get their BSON types back.
 */
/** `variables`: the command's `let`, read as `$$name` by an update pipeline. */
export function applyUpdate(before: Rec | null, seed: Doc, u: UpdateSpec, arrayFilters?: Doc[], variables?: Doc): Applied {
  const inserting = before === null;
  const oldDoc = before?.doc ?? seed;
  const oldView = before?.view ?? (toView(seed) as Doc);
  const direct = !Array.isArray(u) && isOperatorUpdate(u) && !arrayFilters && !hasWrappers(oldDoc) ? plainSet(u, inserting) : null;
  let next: Doc;

  if (Array.isArray(u)) {
    const out = aggregate([clone(oldView)], u as Doc[], variables ? { variables: toView(variables) as Doc } : undefined);
    if (out.length !== 1 || !isPlainObject(out[0])) fail('BadValue', 'an update pipeline must produce exactly one document');
    const result = retype(out[0], oldDoc) as Doc;
    // A pipeline that replaces the root without an _id keeps the document's own, first (as MongoDB).
    next = '_id' in result || !('_id' in oldDoc) ? result : { _id: oldDoc._id, ...result };
  } else if (!isOperatorUpdate(u)) {
    const replacement = u as Doc;
    if ('_id' in replacement && !inserting && keyOf(replacement._id) !== keyOf(oldDoc._id)) immutableId();
    const id = '_id' in oldDoc ? oldDoc._id : replacement._id;
    const { _id, ...rest } = clone(replacement);
    next = id === undefined ? rest : { _id: id, ...rest };
  } else if (direct) {
    next = inserting ? clone(oldDoc) : { ...oldDoc };
    let changed = inserting;
    for (const [path, v] of direct) {
      if (v === UNSET) {
        changed ||= path in next;
        delete next[path];
        continue;
      }
      if (!path.includes('.')) {
        changed ||= !(path in next) || keyOf(next[path]) !== keyOf(v);
        next[path] = v;
        continue;
      }
      // Copy the sub-documents on the way so the stored version is never mutated in place.
      const parts = path.split('.');
      let cur = next;
      for (const part of parts.slice(0, -1)) {
        cur[part] = isPlainObject(cur[part]) ? { ...(cur[part] as Doc) } : {};
        cur = cur[part] as Doc;
      }
      changed ||= keyOf(getPath(oldDoc, path)) !== keyOf(v) || getPath(oldDoc, path) === undefined;
      setPath(next, path, v);
    }
    return { doc: next, wrapped: hasWrappers(next), changed };
  } else {
    const modifier: Doc = {};
    for (const [op, fields] of Object.entries(u)) {
      if (op === '$setOnInsert') {
        if (inserting) modifier.$set = { ...(modifier.$set as Doc), ...(toView(fields) as Doc) };
      } else if (op === '$set') modifier.$set = { ...(modifier.$set as Doc), ...(toView(fields) as Doc) };
      else modifier[op] = toView(fields);
    }
    const view = clone(oldView);
    checkArithmetic(view, modifier);
    try {
      mingoUpdate(view, modifier, arrayFilters as never);
    } catch (e) {
      if (e instanceof MongoServerError) throw e;
      // mingo refuses to touch _id itself; MongoDB's answer for that is ImmutableField.
      if (Object.values(modifier).some((f) => Object.keys(f as Doc).some((p) => p === '_id' || p.startsWith('_id.')))) immutableId();
      throw new MongoServerError('BadValue', (e as Error).message);
    }
    next = hasWrappers(oldDoc) ? (retype(view, oldDoc) as Doc) : view;
    // Values the client sent as whole doubles or longs keep that type.
    const typed: Doc = {};
    for (const op of inserting ? ['$set', '$setOnInsert'] : ['$set']) {
      for (const [k, v] of Object.entries((u[op] as Doc) ?? {})) if (hasWrappers(v)) typed[k] = v;
    }
    if (Object.keys(typed).length > 0) mingoUpdate(next, { $set: typed });
  }

  if (!inserting && keyOf(next._id) !== keyOf(oldDoc._id)) immutableId();
  const wrapped = normalize(next).wrapped;
  const changed = inserting || keyOf(next) !== keyOf(oldDoc);
  return { doc: next, wrapped, changed };
}

const isNumber = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';

/** $inc and $mul work on numbers only, with numbers only: anything else is TypeMismatch (14), as in MongoDB. */
function checkArithmetic(view: Doc, modifier: Doc): void {
  for (const op of ['$inc', '$mul'] as const) {
    const fields = modifier[op] as Doc | undefined;
    if (!fields) continue;
    for (const [path, by] of Object.entries(fields)) {
      if (!isNumber(by))
        fail(
          'TypeMismatch',
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(by)}}`,
        );
      // Positional paths are left to the updater.
      if (path.includes('$')) continue;
      const current = getPath(view, path);
      if (current !== undefined && !isNumber(current))
        fail(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(view._id)}} has the field '${path}' of non-numeric type ${current === null ? 'null' : Array.isArray(current) ? 'array' : typeof current === 'object' ? 'object' : typeof current}`,
        );
    }
  }
}

function immutableId(): never {
  fail('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}
