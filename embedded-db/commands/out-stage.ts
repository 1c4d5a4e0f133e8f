/**
 * The `$out` stage: an aggregation's results replace a collection's documents, keeping its options
 * and indexes, as MongoDB does. The results are first put into a collection nobody sees, with the
 * target's indexes: a duplicate `_id` or a broken unique index fails the command and leaves the
 * target as it was. The server runs one command at a time, so no reader sees it half replaced.
 */
import { fail } from '../errors.ts';
import { Collection } from '../storage/collection.ts';
import { MemoryJournal } from '../storage/journal.ts';
import { clone, type Doc, isPlainObject } from '../values.ts';
import type { Context } from './context.ts';

export interface OutTarget {
  db: string;
  coll: string;
}

/** The argument of a pipeline's `$out` or `$merge`, undefined without one; either anywhere but last is refused. */
export function finalStage(pipeline: Doc[], op: '$out' | '$merge'): unknown {
  const at = pipeline.findIndex((s) => isPlainObject(s) && op in s);
  if (at < 0) return undefined;
  if (at !== pipeline.length - 1) fail('Location40601', `${op} can only be the final stage in the pipeline`);
  return pipeline[at][op];
}

/** The collection an output stage names: by name in the command's database, or as {db, coll}; null if neither. */
export function targetOf(ctx: Context, spec: unknown): OutTarget | null {
  if (typeof spec === 'string' && spec.length > 0) return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string' && spec.coll.length > 0)
    return { db: typeof spec.db === 'string' && spec.db ? spec.db : ctx.db, coll: spec.coll };
  return null;
}

/** The target of a pipeline's `$out`, or null without one. */
export function outTarget(ctx: Context, pipeline: Doc[]): OutTarget | null {
  const spec = finalStage(pipeline, '$out');
  if (spec === undefined) return null;
  return targetOf(ctx, spec) ?? fail('BadValue', '$out: give a collection name, or {db, coll}');
}

export function writeOut(ctx: Context, to: OutTarget, docs: Doc[]): void {
  const before = ctx.catalog.collection(to.db, to.coll, false);
  const options = before?.options ?? {};
  const indexes = before?.indexSpecs().filter((s) => s.name !== '_id_') ?? [];
  const trial = new Collection(to.db, to.coll, options, new MemoryJournal());
  for (const spec of indexes) trial.createIndex(spec);
  // Copies: a result may be the very object a source collection stores.
  for (const doc of docs) trial.insert(clone(doc));
  const checked = [...trial.all()].map((r) => r.doc);
  if (before) ctx.catalog.dropCollection(to.db, to.coll);
  const coll = ctx.catalog.collection(to.db, to.coll, true, options);
  for (const spec of indexes) coll.createIndex(spec);
  for (const doc of checked) coll.insert(doc);
}
