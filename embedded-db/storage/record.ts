import { BSON } from 'bson';
import { TYPED } from '../query.ts';
import { type Doc, hasWrappers, toView } from '../values.ts';
import { settle } from './settle.ts';

/** A stored document: the typed document clients get back, and the plain-number view mingo reads. */
export interface Rec {
  doc: Doc;
  view: Doc;
  /** The document's BSON size; -1 until first asked for (see bsonSize). */
  bytes: number;
  /** Its place in the collection's insertion order (RecordTable); -1 until stored. */
  slot: number;
}

/** `bytes`: the BSON size when known already (an insert has the client's bytes). */
export function makeRec(doc: Doc, wrapped = hasWrappers(doc), bytes = -1): Rec {
  settle(doc);
  if (!wrapped) return { doc, view: doc, bytes, slot: -1 };
  const view = toView(doc) as Doc;
  Object.defineProperty(view, TYPED, { value: doc, enumerable: false });
  return { doc, view, bytes, slot: -1 };
}

/** A stored document's BSON size, measured at most once per version: cursors batch by it on every read. */
export function bsonSize(rec: Rec): number {
  if (rec.bytes < 0) rec.bytes = BSON.calculateObjectSize(rec.doc);
  return rec.bytes;
}
