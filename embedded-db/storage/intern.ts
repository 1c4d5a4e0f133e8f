/**
 * Stored documents share one copy of each short string they repeat (a currency, a status, an import
 * id, a supplier id, a date): BSON decoding makes a new string for every occurrence. For a million
 * invoices that was 27% of the heap, and 29% of the time a full garbage collection takes (598 and
 * 435 MiB, 637 and 454 ms, measured), time in which writes wait.
 *
 * Two generations of at most GENERATION strings: a string seen again moves into the newer one, so
 * strings that repeat stay and one-off ones (invoice numbers) age out; neither Map grows large.
 */
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
