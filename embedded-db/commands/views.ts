/**
 * Read-only views: a collection entry whose options name the collection (or view) it shows and the
 * pipeline that shapes it, as `create` with `viewOn` makes it. Reads run the pipelines down the chain
 * over the base collection's documents; writes are refused as MongoDB refuses them (166).
 */
import { Aggregator } from 'mingo/aggregator';
import { fail } from '../errors.ts';
import { pipelineContext } from '../pipeline-context.ts';
import type { Collection } from '../storage/collection.ts';
import { type Doc, isPlainObject } from '../values.ts';
import { type Context, pipelineOptions } from './context.ts';

export interface ViewDef {
  viewOn: string;
  pipeline: Doc[];
}

/** Views on views are followed this deep at most (MongoDB's limit is 20). */
const MAX_DEPTH = 20;

export function viewOf(coll: Collection | undefined): ViewDef | null {
  if (!coll || typeof coll.options.viewOn !== 'string') return null;
  return { viewOn: coll.options.viewOn, pipeline: (coll.options.pipeline as Doc[] | undefined) ?? [] };
}

/** A view's definition as `create` gives it, checked. */
export function viewOptions(cmd: Doc): ViewDef {
  if (typeof cmd.viewOn !== 'string' || cmd.viewOn.length === 0) fail('BadValue', "'viewOn' must be a non-empty string");
  const pipeline = cmd.pipeline ?? [];
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) fail('TypeMismatch', "'pipeline' must be an array of stages");
  for (const stage of pipeline as Doc[])
    if ('$out' in stage || '$merge' in stage)
      fail('OptionNotSupportedOnView', `${Object.keys(stage)[0]} cannot be used in a view definition`);
  return { viewOn: cmd.viewOn, pipeline: pipeline as Doc[] };
}

/** The documents a view shows, then `stages` on them; `variables`: the command's `let`. */
export function viewDocs(ctx: Context, view: ViewDef, stages: Doc[], variables?: Doc): Doc[] {
  let pipeline = [...view.pipeline, ...stages];
  let on = view.viewOn;
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) fail('ViewDepthLimitExceeded', `view depth too deep or view cycle detected; maximum depth is ${MAX_DEPTH}`);
    const inner = viewOf(ctx.catalog.collection(ctx.db, on, false));
    if (!inner) break;
    pipeline = [...inner.pipeline, ...pipeline];
    on = inner.viewOn;
  }
  const base = ctx.catalog.collection(ctx.db, on, false);
  const input = base ? [...base.all()].map((r) => r.view) : [];
  return pipeline.length
    ? (new Aggregator(pipeline, { ...pipelineOptions(ctx, variables), context: pipelineContext() }).run(input) as Doc[])
    : input;
}

/** Writes and indexes go to collections only. */
export function refuseView(coll: Collection | undefined): void {
  if (viewOf(coll)) fail('CommandNotSupportedOnView', `Namespace ${coll?.ns} is a view, not a collection`);
}
