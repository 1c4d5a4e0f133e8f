/**
 * TTL indexes, as mongod's TTL monitor keeps them: a document whose indexed date (the earliest, for
 * an array of dates) lies `expireAfterSeconds` or more in the past is removed by a sweep that runs
 * every minute, so a document may outlive its time by up to one sweep. Values other than dates never
 * expire. The removals are journaled like any delete.
 *
 * A sweep scans each collection that has such an index (the indexes here are hash maps, with no
 * range to read): cheap for what tijdig keeps this way, lists and batches of a day or two.
 */
import { isPlainObject, valuesAtPath } from '../values.ts';
import type { Catalog } from './catalog.ts';
import type { IndexSpec } from './index-store.ts';

/** How often mongod's TTL monitor runs by default (ttlMonitorSleepSecs: 60). */
export const TTL_SWEEP_MS = 60_000;

const isTtl = (s: IndexSpec) => typeof s.expireAfterSeconds === 'number' && isPlainObject(s.key) && Object.keys(s.key).length === 1;

function expired(view: unknown, path: string[], seconds: number, now: number): boolean {
  let earliest = Number.POSITIVE_INFINITY;
  for (const v of valuesAtPath(view, path))
    for (const d of Array.isArray(v) ? v : [v]) if (d instanceof Date && d.getTime() < earliest) earliest = d.getTime();
  return earliest + seconds * 1000 <= now;
}

/** Removes what has expired in every collection with a TTL index; the number removed. */
export function expireDocuments(catalog: Catalog, now = Date.now()): number {
  let removed = 0;
  for (const db of catalog.databases())
    for (const coll of catalog.collections(db)) {
      const ttl = coll.indexSpecs().filter(isTtl);
      if (ttl.length === 0) continue;
      const rules = ttl.map((s) => ({ path: Object.keys(s.key)[0].split('.'), seconds: s.expireAfterSeconds as number }));
      const gone = [...coll.all()].filter((rec) => rules.some((r) => expired(rec.view, r.path, r.seconds, now)));
      for (const rec of gone) coll.remove(rec);
      removed += gone.length;
    }
  if (removed > 0) catalog.commit();
  return removed;
}
