import { TYPED } from '../query';
import { type Doc, hasWrappers, toView } from '../values';

/** A stored document: the typed document clients get back, and the plain-number view mingo reads. */
export interface Rec {
  doc: Doc;
  view: Doc;
}

export function makeRec(doc: Doc, wrapped = hasWrappers(doc)): Rec {
  if (!wrapped) return { doc, view: doc };
  const view = toView(doc) as Doc;
  Object.defineProperty(view, TYPED, { value: doc, enumerable: false });
  return { doc, view };
}
