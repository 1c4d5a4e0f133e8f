/**
 * `$collStats` as a pipeline's first stage, with `count` only: what drivers' estimatedDocumentCount
 * asks for on some server versions. Latency, storage and query statistics are refused: the server
 * keeps none, and made-up figures would be worse than an error.
 */
import { hostname } from 'node:os';
import { fail } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import { type Doc, isPlainObject } from '../values.ts';

/** The stage's one document, or none for a collection that does not exist. */
export function collStats(ns: string, coll: Collection | undefined, spec: unknown): Doc[] {
  if (!isPlainObject(spec)) fail('TypeMismatch', '$collStats must take a nested object');
  for (const k of Object.keys(spec)) if (k !== 'count') fail('NotImplemented', `$collStats ${k} is not supported by the embedded server`);
  if (!coll) return [];
  const doc: Doc = { ns, host: hostname(), localTime: new Date() };
  if (spec.count !== undefined) {
    if (!isPlainObject(spec.count) || Object.keys(spec.count).length > 0) fail('BadValue', '$collStats count must be an empty object');
    doc.count = coll.size;
  }
  return [doc];
}
