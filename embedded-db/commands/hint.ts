/**
 * `hint`: the index a command should use, by name or key pattern. The embedded server picks its own
 * way to the documents, so a hint never changes which come back; but one that names no index of the
 * collection is an error in MongoDB, and so it is here rather than ignored.
 */
import { fail } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import { isPlainObject, keyOf } from '../values.ts';

export function checkHint(coll: Collection | undefined, hint: unknown): void {
  // A missing collection has no plan to hint at: its reads are empty, as in MongoDB.
  if (hint === undefined || hint === null || !coll) return;
  const specs = coll.indexSpecs();
  if (typeof hint === 'string') {
    if (specs.some((s) => s.name === hint)) return;
  } else if (isPlainObject(hint)) {
    // {} is no hint; {$natural: ±1} asks for a collection scan, which needs no index.
    if (Object.keys(hint).length === 0 || '$natural' in hint) return;
    const key = keyOf(hint);
    if (specs.some((s) => keyOf(s.key) === key)) return;
  } else fail('FailedToParse', 'hint must be a string (an index name) or a document (an index key pattern)');
  fail('BadValue', 'hint provided does not correspond to an existing index');
}
