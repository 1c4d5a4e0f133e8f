/**
 * The harm ranking in pages with a stable cursor. The first page pins the order (the matching supplier
 * ids at the current data version); later pages read their slice of it, so no supplier is skipped or
 * repeated when a recompute runs between two pages. Figures are each supplier's snapshot of the day
 * when the page is read.
 */
import { createHash } from 'node:crypto';
import type { SupplierHealth } from '../domain/supplier-health.ts';
import { badRequest } from '../errors.ts';
import { dataVersion } from '../persistence/data-version/data-version.ts';
import { findRankingList, saveRankingList } from '../persistence/ranking-lists/ranking-list.model.ts';
import {
  hasSnapshots,
  type RankingFilter,
  type RankingSort,
  rankingIds,
  snapshotsFor,
} from '../persistence/snapshots/snapshot.repository.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { noSnapshots } from './reports.ts';

export interface RankingPage {
  asOf: string;
  total: number;
  items: SupplierHealth[];
  nextCursor: string | null;
}

interface Cursor {
  /** The pinned list. */
  l: string;
  /** Where the page starts in it. */
  o: number;
}

const isCursor = (c: Record<string, unknown>) =>
  typeof c.l === 'string' && /^[\w-]{16,64}$/.test(c.l) && Number.isInteger(c.o) && (c.o as number) >= 0;

interface List {
  asOf: string;
  ids: string[];
}

/** Lists kept in this process, by id (a list never changes once made). */
const kept = new Map<string, List>();
const KEEP = 200;

function keep(id: string, l: List): List {
  if (kept.size >= KEEP) kept.delete(kept.keys().next().value as string);
  kept.set(id, l);
  return l;
}

async function list(id: string): Promise<List | null> {
  const known = kept.get(id);
  if (known) return known;
  const doc = await findRankingList(id);
  return doc ? keep(id, { asOf: doc.asOf, ids: doc.ids }) : null;
}

/** Filters without their empty fields, so equal filters pin one list whoever sends them. */
function canonical(filter: RankingFilter): RankingFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)),
  ) as RankingFilter;
}

/**
 * The order of a day's ranking for a filter and sort, made once per data version and kept; null when
 * the day has no figures at all (an empty list would say "nothing matches").
 */
async function pinned(asOf: string, filter: RankingFilter, sort: RankingSort): Promise<{ id: string; list: List } | null> {
  const f = canonical(filter);
  const version = await dataVersion();
  const id = createHash('sha256')
    .update(JSON.stringify([asOf, f, sort, version]))
    .digest('base64url')
    .slice(0, 32);
  const known = await list(id);
  if (known) return { id, list: known };
  const ids = await rankingIds(asOf, f, sort);
  if (ids.length === 0 && !(await hasSnapshots(asOf))) return null;
  await saveRankingList({ _id: id, asOf, ids });
  return { id, list: keep(id, { asOf, ids }) };
}

/** The API's pages: a cursor after the first. */
export async function rankingListPage(
  asOf: string,
  filter: RankingFilter,
  sort: RankingSort,
  limit: number,
  cursor: string | undefined,
): Promise<RankingPage> {
  let id: string;
  let offset = 0;
  let l: List | null;
  if (cursor) {
    // The cursor's list says the day and the order; the request's filters were those of its first page.
    const c = decodeCursor<Cursor>(cursor, isCursor);
    id = c.l;
    offset = c.o;
    l = await list(id);
    if (!l) throw badRequest('query.cursor: this cursor has expired (lists are kept for a day); start again from the first page');
  } else {
    const p = await pinned(asOf, filter, sort);
    if (!p) throw noSnapshots(asOf);
    ({ id, list: l } = p);
  }
  const items = await snapshotsFor(l.ids.slice(offset, offset + limit), l.asOf);
  const next = offset + limit < l.ids.length ? encodeCursor({ l: id, o: offset + limit }) : null;
  return { asOf: l.asOf, total: l.ids.length, items, nextCursor: next };
}

/** The web app's pages: numbered, from the same pinned order; empty when the day has no figures. */
export async function rankingSlice(
  asOf: string,
  filter: RankingFilter,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: SupplierHealth[] }> {
  const p = await pinned(asOf, filter, 'harm');
  if (!p) return { total: 0, rows: [] };
  return { total: p.list.ids.length, rows: await snapshotsFor(p.list.ids.slice(offset, offset + limit), asOf) };
}
