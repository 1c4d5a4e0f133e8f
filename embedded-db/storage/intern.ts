/**
 * Stored documents share one copy of each short string they repeat (a currency, a status, an import
 * id, a supplier id, a date): BSON decoding makes a new string for every occurrence. For a million
 * invoices that was 27% of the heap, and 29% of the time a full garbage collection takes (598 and
 * 435 MiB, 637 and 454 ms, measured), time in which writes wait.
 *
 * Two generations of at most GENERATION strings: a string seen again moves into the newer one, so
 * strings that repeat stay and one-off ones (invoice numbers) age out; neither Map grows large.
 */
import { type Doc, isPlainObject } from '../values.ts';

const GENERATION = 1 << 15;
const MAX_LENGTH = 32;
let young = new Map<string, string>();
let old = new Map<string, string>();

export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const known = young.get(s);
  if (known !== undefined) return known;
  const kept = old.get(s) ?? s;
  young.set(kept, kept);
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  return kept;
}

/** Replaces, in place, every short string value in a document (nested objects and arrays too) by its shared copy. */
export function internStrings(doc: Doc): void {
  const keys = Object.keys(doc);
  for (let i = 0; i < keys.length; i++) {
    const v = doc[keys[i]];
    if (typeof v === 'string') doc[keys[i]] = intern(v);
    else if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) internArray(v);
      else if (isPlainObject(v)) internStrings(v);
    }
  }
}

function internArray(a: unknown[]): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'string') a[i] = intern(v);
    else if (Array.isArray(v)) internArray(v);
    else if (isPlainObject(v)) internStrings(v);
  }
}
