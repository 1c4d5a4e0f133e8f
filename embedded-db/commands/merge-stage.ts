/**
 * The `$merge` stage: each result is merged into a collection by its `on` fields (`_id` unless said
 * otherwise, then backed by a unique index, as MongoDB requires): a match is merged, replaced, kept,
 * refused or run through a pipeline (`$$new` is the result); a result without a match is inserted,
 * dropped or refused. Like MongoDB's, a `$merge` that fails part-way keeps what it wrote.
 */
import { ObjectId } from 'bson';
import { aggregate } from 'mingo';
import { fail } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import { clone, type Doc, isPlainObject, keyOf, normalize, toView, valuesAtPath } from '../values.ts';
import type { Context } from './context.ts';
import { finalStage, type OutTarget, targetOf } from './out-stage.ts';

type WhenMatched = 'merge' | 'replace' | 'keepExisting' | 'fail' | Doc[];
type WhenNotMatched = 'insert' | 'discard' | 'fail';

export interface MergeSpec extends OutTarget {
  on: string[];
  whenMatched: WhenMatched;
  whenNotMatched: WhenNotMatched;
  variables: Doc;
}

const MATCHED = ['merge', 'replace', 'keepExisting', 'fail'];
const NOT_MATCHED = ['insert', 'discard', 'fail'];

/** The pipeline's `$merge`, or null without one; `$merge` anywhere but last is refused. */
export function mergeSpec(ctx: Context, pipeline: Doc[]): MergeSpec | null {
  const raw = finalStage(pipeline, '$merge');
  if (raw === undefined) return null;
  const spec = typeof raw === 'string' ? { into: raw } : raw;
  if (!isPlainObject(spec)) fail('FailedToParse', '$merge takes a collection name or a document');
  const target = targetOf(ctx, spec.into) ?? fail('FailedToParse', "$merge: 'into' must name a collection, or be {db, coll}");
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const whenMatched = (spec.whenMatched ?? 'merge') as WhenMatched;
  if (!Array.isArray(whenMatched) && !MATCHED.includes(whenMatched))
    fail('BadValue', `$merge: whenMatched must be one of ${MATCHED.join(', ')} or a pipeline`);
  const whenNotMatched = (spec.whenNotMatched ?? 'insert') as WhenNotMatched;
  if (!NOT_MATCHED.includes(whenNotMatched)) fail('BadValue', `$merge: whenNotMatched must be one of ${NOT_MATCHED.join(', ')}`);
  return { ...target, on, whenMatched, whenNotMatched, variables: isPlainObject(spec.let) ? spec.let : {} };
}

const sameFields = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export function writeMerge(ctx: Context, m: MergeSpec, results: Doc[]): void {
  const onId = sameFields(m.on, ['_id']);
  const existing = ctx.catalog.collection(m.db, m.coll, false);
  // Other join fields must be unique in the target, or a result could match several documents.
  if (!onId && !existing?.indexes.some((ix) => ix.spec.unique && sameFields(Object.keys(ix.spec.key), m.on)))
    fail('Location51183', 'Cannot find index to verify that join fields will be unique');
  const coll: Collection = existing ?? ctx.catalog.collection(m.db, m.coll, true);
  for (const result of results) {
    const doc = normalize(clone(result)).value as Doc;
    if (onId && doc._id === undefined) doc._id = new ObjectId();
    const key: Doc = {};
    for (const f of m.on) {
      const v = valuesAtPath(doc, f.split('.'));
      if (v.length !== 1 || Array.isArray(v[0]) || v[0] === undefined)
        fail('Location51132', `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`);
      key[f] = v[0];
    }
    const match = coll.find(key, { limit: 2 });
    if (match.length === 0) {
      if (m.whenNotMatched === 'fail')
        fail(
          'Location13113',
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      if (m.whenNotMatched === 'insert') coll.insert(doc);
      continue;
    }
    const [rec] = match;
    if (m.whenMatched === 'keepExisting') continue;
    if (m.whenMatched === 'fail')
      fail('DuplicateKey', `E11000 duplicate key error: $merge found a document with ${JSON.stringify(toView(key))}`);
    let next: Doc;
    if (Array.isArray(m.whenMatched)) {
      const out = aggregate([clone(rec.view)], m.whenMatched, { variables: { ...(toView(m.variables) as Doc), new: toView(doc) } });
      if (out.length !== 1 || !isPlainObject(out[0])) fail('BadValue', '$merge: the whenMatched pipeline must produce one document');
      next = normalize(out[0]).value as Doc;
    } else next = m.whenMatched === 'merge' ? { ...rec.doc, ...doc } : { ...doc };
    // The matched document keeps its _id: a result naming another one changes the immutable field.
    if (next._id !== undefined && keyOf(next._id) !== keyOf(rec.doc._id))
      fail(
        'ImmutableField',
        "$merge failed to update the matching document: performing an update on the path '_id' would modify the immutable field '_id'",
      );
    coll.replace(rec, { _id: rec.doc._id, ...next }, normalize(next).wrapped);
  }
}
