import { ObjectId } from 'bson';
import { type Doc, isPlainObject } from '../values.ts';

const isOperatorObject = (v: unknown): v is Doc => isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'));

/**
 * The equality constraints a filter puts on top-level paths: `{a: 1}`, `{a: {$eq: 1}}`,
 * `{a: {$in: [1, 2]}}`, also inside a top-level `$and`. Used to pick an index; the full filter is
 * still applied to every candidate, so leaving a condition out is never wrong, only slower.
 */
export function equalities(filter: Doc, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) equalities(sub, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    let values: unknown[] | null = null;
    if (!isOperatorObject(cond)) values = cond instanceof RegExp ? null : [cond];
    else if ('$eq' in cond && !(cond.$eq instanceof RegExp)) values = [cond.$eq];
    else if (Array.isArray(cond.$in) && !cond.$in.some((v) => v instanceof RegExp || isOperatorObject(v))) values = cond.$in;
    // A field constrained twice keeps the narrower list; both are supersets of the answer.
    if (values && (!out.has(field) || (out.get(field)?.length ?? 0) > values.length)) out.set(field, values);
  }
  return out;
}

/** The seed document of an upsert: the filter's equality conditions, as MongoDB builds it. */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  for (const [field, values] of equalities(filter)) {
    if (values.length !== 1) continue;
    const parts = field.split('.');
    let cur = seed;
    for (const p of parts.slice(0, -1)) {
      if (!isPlainObject(cur[p])) cur[p] = {};
      cur = cur[p] as Doc;
    }
    cur[parts[parts.length - 1]] = values[0];
  }
  return seed;
}

/** Puts `_id` first, generating one when the document has none. */
export function withId(doc: Doc): Doc {
  // The first key, without listing them all (this runs for every inserted document).
  for (const k in doc) {
    if (k === '_id') return doc;
    break;
  }
  return { _id: doc._id ?? new ObjectId(), ...doc };
}
