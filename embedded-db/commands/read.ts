import { Long } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { compareValues, naturalOrder, parseSort, sortBy } from '../bson-order.ts';
import type { Collation } from '../collation.ts';
import { Bounded, sourceOf } from '../cursors.ts';
import { fail } from '../errors.ts';
import { pipelineContext } from '../pipeline-context.ts';
import type { Collection } from '../storage/collection.ts';
import { bsonSize, type Rec } from '../storage/record.ts';
import { type Doc, isPlainObject, keyOf, valuesAtPath } from '../values.ts';
import { collStats } from './coll-stats.ts';
import { type Context, collName, docOption, existing, type Handler, letOf, num, ok, pipelineOptions } from './context.ts';
import { checkHint } from './hint.ts';
import { mergeSpec, writeMerge } from './merge-stage.ts';
import { outTarget, writeOut } from './out-stage.ts';
import { isPlainProjection, projector } from './projection.ts';
import { collationOf, refuseUncollatedStages } from './refused-options.ts';
import { type ViewDef, viewDocs, viewOf } from './views.ts';

const ns = (ctx: Context, name: string) => `${ctx.db}.${name}`;

/** A read's view, if it names one; a view reads with the simple collation only (MongoDB's views keep their own). */
function viewFor(coll: Collection | undefined, collation: Collation | null): ViewDef | null {
  const view = viewOf(coll);
  if (view && collation) fail('OptionNotSupportedOnView', "a read on a view cannot override the view's collation");
  return view;
}

const find: Handler = (ctx, cmd) => {
  const name = collName(cmd, 'find');
  const coll = existing(ctx, cmd, 'find');
  const filter = (docOption(cmd, 'filter') ?? {}) as Doc;
  const skip = num(cmd.skip);
  const rawLimit = num(cmd.limit);
  if (skip < 0) fail('BadValue', 'skip value must be non-negative');
  const sortDoc = docOption(cmd, 'sort');
  const sort = parseSort(sortDoc);
  const natural = naturalOrder(sortDoc);
  const collation = collationOf(cmd);
  const view = viewFor(coll, collation);
  if (view) return findInView(ctx, cmd, name, view, filter, skip, rawLimit);
  checkHint(coll, cmd.hint);
  // Without a sort, a limit stops the scan early.
  const limit = sort.length === 0 && natural === 1 && rawLimit > 0 ? skip + Math.abs(rawLimit) : 0;
  let recs: Rec[] = coll ? coll.find(filter, { limit, variables: letOf(cmd), collation }) : [];
  if (natural === -1) recs.reverse();
  recs = sortBy(recs, (r) => r.view, sort, collation?.compare);
  if (skip) recs = recs.slice(skip);
  const spec = docOption(cmd, 'projection');
  const project = projector(spec);
  const shape = (r: Rec) => (project ? project(r.doc, r.view) : r.doc);
  const docs = isPlainProjection(spec) ? sourceOf(recs, (r) => new Bounded(shape(r), bsonSize(r))) : sourceOf(recs, shape);
  return ok(
    ctx.cursors.first(ns(ctx, name), docs, {
      batchSize: cmd.batchSize === undefined ? undefined : num(cmd.batchSize),
      limit: Math.abs(rawLimit),
      singleBatch: !!cmd.singleBatch || rawLimit < 0,
    }),
  );
};

/** A find on a view: its pipeline, then the filter, sort, skip, limit and projection as stages. */
function findInView(ctx: Context, cmd: Doc, name: string, view: ViewDef, filter: Doc, skip: number, rawLimit: number): Doc {
  const sortSpec = docOption(cmd, 'sort');
  const projection = docOption(cmd, 'projection');
  const stages: Doc[] = [
    { $match: filter },
    ...(sortSpec && Object.keys(sortSpec).length ? [{ $sort: sortSpec }] : []),
    ...(skip ? [{ $skip: skip }] : []),
    ...(rawLimit ? [{ $limit: Math.abs(rawLimit) }] : []),
    ...(projection && Object.keys(projection).length ? [{ $project: projection }] : []),
  ];
  return ok(
    ctx.cursors.first(ns(ctx, name), sourceOf(viewDocs(ctx, view, stages, letOf(cmd))), {
      batchSize: cmd.batchSize === undefined ? undefined : num(cmd.batchSize),
      limit: Math.abs(rawLimit),
      singleBatch: !!cmd.singleBatch || rawLimit < 0,
    }),
  );
}

const getMore: Handler = (ctx, cmd) => {
  const id = cmd.getMore;
  if (!(id instanceof Long)) fail('TypeMismatch', "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  return ok(ctx.cursors.more(id, ns(ctx, String(cmd.collection)), cmd.batchSize === undefined ? undefined : num(cmd.batchSize)));
};

const killCursors: Handler = (ctx, cmd) => {
  const ids = ((cmd.cursors as unknown[]) ?? []).map((v) => (v instanceof Long ? v : Long.fromNumber(num(v))));
  const { killed, notFound } = ctx.cursors.kill(ids);
  return ok({ cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] });
};

const UNSUPPORTED_STAGES = ['$changeStream', '$currentOp', '$indexStats', '$listSessions'];

const aggregate: Handler = (ctx, cmd) => {
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) fail('TypeMismatch', "'pipeline' option must be specified as an array");
  if (!isPlainObject(cmd.cursor) && !cmd.explain)
    fail('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  for (const [i, stage] of (pipeline as Doc[]).entries()) {
    const op = Object.keys(stage)[0];
    if (UNSUPPORTED_STAGES.includes(op)) fail('NotImplemented', `${op} is not supported by the embedded server`);
    if (op === '$collStats' && i > 0) fail('Location40602', '$collStats is only valid as the first stage in a pipeline');
  }
  // A database-level aggregate (aggregate: 1) reads no collection: its pipeline starts with $documents.
  const onDatabase = typeof cmd.aggregate !== 'string';
  if (onDatabase && (num(cmd.aggregate, -1) !== 1 || !isPlainObject((pipeline as Doc[])[0]) || !('$documents' in (pipeline as Doc[])[0])))
    fail('InvalidNamespace', '{aggregate: 1} is only valid with $documents as its first stage; name a collection otherwise');
  const coll = onDatabase ? undefined : existing(ctx, cmd, 'aggregate');
  const outTo = outTarget(ctx, pipeline as Doc[]);
  const mergeTo = mergeSpec(ctx, pipeline as Doc[]);
  const stagesIn = outTo || mergeTo ? (pipeline as Doc[]).slice(0, -1) : (pipeline as Doc[]);
  // A leading $match goes through the collection so it can use an index.
  const [first, ...rest] = stagesIn;
  const leadingMatch = !onDatabase && first && isPlainObject(first.$match) ? (first.$match as Doc) : null;
  const leadingStats = !onDatabase && first && '$collStats' in first;
  const variables = letOf(cmd);
  const collation = collationOf(cmd);
  const view = viewFor(coll, collation);
  if (!view) checkHint(coll, cmd.hint);
  if (view && leadingStats) fail('CommandNotSupportedOnView', '$collStats is not supported on a view by the embedded server');
  // A view's documents are its pipeline's output; the command's own stages then run on them.
  const input = leadingStats
    ? collStats(ns(ctx, String(cmd.aggregate)), coll, first.$collStats)
    : view
      ? viewDocs(ctx, view, leadingMatch ? [{ $match: leadingMatch }] : [], variables)
      : coll
        ? coll.find(leadingMatch ?? {}, { variables, collation }).map((r) => r.view)
        : [];
  const stages = leadingMatch || leadingStats ? rest : stagesIn;
  if (collation) refuseUncollatedStages(mergeTo ? [...stages, { $merge: mergeTo }] : stages);
  const out = stages.length
    ? new Aggregator(stages, { ...pipelineOptions(ctx, variables), context: pipelineContext(collation) }).run(input)
    : input;
  const cursorOpts = (cmd.cursor ?? {}) as Doc;
  // With $out the results go to the collection and the cursor is empty.
  if (outTo) writeOut(ctx, outTo, out as Doc[]);
  if (mergeTo) writeMerge(ctx, mergeTo, out as Doc[]);
  return ok(
    ctx.cursors.first(ns(ctx, onDatabase ? '$cmd.aggregate' : String(cmd.aggregate)), sourceOf(outTo || mergeTo ? [] : (out as Doc[])), {
      batchSize: cursorOpts.batchSize === undefined ? undefined : num(cursorOpts.batchSize),
    }),
  );
};

const count: Handler = (ctx, cmd) => {
  const coll = existing(ctx, cmd, 'count');
  const query = (docOption(cmd, 'query') ?? {}) as Doc;
  const collation = collationOf(cmd);
  const view = viewFor(coll, collation);
  if (!view) checkHint(coll, cmd.hint);
  const matched = view ? viewDocs(ctx, view, [{ $match: query }]).length : coll ? coll.find(query, { collation }).length : 0;
  const skip = num(cmd.skip);
  const limit = Math.abs(num(cmd.limit));
  const n = Math.max(0, matched - skip);
  return ok({ n: limit ? Math.min(n, limit) : n });
};

const distinct: Handler = (ctx, cmd) => {
  const coll = existing(ctx, cmd, 'distinct');
  if (typeof cmd.key !== 'string') fail('TypeMismatch', "BSON field 'distinct.key' is missing or not a string");
  const path = cmd.key.split('.');
  const seen = new Map<string, unknown>();
  const query = (docOption(cmd, 'query') ?? {}) as Doc;
  const collation = collationOf(cmd);
  const view = viewFor(coll, collation);
  const docs = view ? viewDocs(ctx, view, [{ $match: query }]) : coll ? coll.find(query, { collation }).map((r) => r.doc) : [];
  for (const doc of docs) {
    for (const v of valuesAtPath(doc, path)) {
      // distinct unwinds arrays, as MongoDB does.
      for (const el of Array.isArray(v) ? v : [v]) {
        const k = keyOf(el);
        if (!seen.has(k)) seen.set(k, el);
      }
    }
  }
  const values = sortBy([...seen.values()], (v) => ({ v }), [[['v'], 1]], collation?.compare);
  // Under a collation, values it finds equal are one: the first of them (the sort is stable) stands for all.
  const distinct = collation ? values.filter((v, i) => i === 0 || compareValues(values[i - 1], v, collation.compare) !== 0) : values;
  return ok({ values: distinct });
};

export const readCommands: Record<string, Handler> = { find, getMore, killCursors, aggregate, count, distinct };
