/**
 * Readies a decoded document to be stored for long: its short strings become shared copies
 * (intern.ts) and the bytes of its ids, decimals and binaries move out of the buffers they were
 * decoded into (byte-slabs.ts). In place, at any depth; every value stays equal to what it was.
 */
import { Binary, Decimal128, ObjectId } from 'bson';
import { type Doc, isPlainObject } from '../values.ts';
import { keepBytes } from './byte-slabs.ts';
import { intern } from './intern.ts';

export function settle(doc: Doc): void {
  const keys = Object.keys(doc);
  for (let i = 0; i < keys.length; i++) doc[keys[i]] = settled(doc[keys[i]]);
}

function settled(v: unknown): unknown {
  if (typeof v === 'string') return intern(v);
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = settled(v[i]);
  } else if (isPlainObject(v)) settle(v);
  else if (v instanceof ObjectId) v.id = keepBytes(v.id);
  else if (v instanceof Decimal128) (v as { bytes: Uint8Array }).bytes = keepBytes(v.bytes);
  // A Binary is decoded as a view into the whole message it came in (a bulk insert: megabytes).
  else if (v instanceof Binary) v.buffer = keepBytes(v.buffer.subarray(0, v.position));
  return v;
}
