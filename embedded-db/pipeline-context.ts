/**
 * The operators pipelines run with: all of mingo's, with the server's own where mingo's answer
 * differs from MongoDB's. For mingo/aggregator's Aggregator, which, unlike mingo's default export,
 * does not merge mingo's own operators in first (there the first definition of an operator wins).
 */
import { Context } from 'mingo';
import { type Iterator, Lazy } from 'mingo/lazy';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { parseSort, sortBy } from './bson-order.ts';
import { collatedOperators } from './collated-operators.ts';
import type { Collation } from './collation.ts';
import { fail } from './errors.ts';
import { $type } from './query.ts';
import { type Doc, isPlainObject } from './values.ts';

/** `$sample`: `size` distinct documents at random (mingo's may draw one document twice). */
function $sample(docs: Iterator, spec: unknown): Iterator {
  const size = isPlainObject(spec) ? spec.size : undefined;
  if (typeof size !== 'number' || Number.isNaN(size)) fail('BadValue', 'size argument to $sample must be a number');
  if (size < 0) fail('BadValue', 'size argument to $sample must not be negative');
  return docs.transform((all) => {
    const pool = [...all];
    const n = Math.min(Math.floor(size), pool.length);
    // The first n places of a Fisher–Yates shuffle.
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(Math.random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return Lazy(pool.slice(0, n));
  });
}

const build = (pipeline: Record<string, unknown>, query: Record<string, unknown>) =>
  Context.init({
    accumulator: accumulatorOps,
    expression: expressionOps,
    pipeline: { ...pipelineOps, $sample, ...pipeline },
    projection: projectionOps,
    query: { ...queryOps, $type, ...query },
    window: windowOps,
  } as never);

const PLAIN = build({}, {});

/** With a collation: its comparing query operators, and a $sort by it (mingo's keeps strings equal under it apart, and reverses their ties on -1). */
export function pipelineContext(collation?: Collation | null): Context {
  if (!collation) return PLAIN;
  const $sort = (docs: Iterator, spec: Doc) => docs.transform((all) => Lazy(sortBy(all, (d) => d, parseSort(spec), collation.compare)));
  return build({ $sort }, collatedOperators(collation));
}
