/**
 * The audit trail: who changed what, from where, with the values before and after where they apply.
 * Requests are recorded by one middleware (http/middleware/audit.ts); the CLI, the watched folder and
 * the schedules record what they do here. Records are chained (domain/audit/chain.ts) and checked by
 * `tijdig audit verify`.
 */
import { type AuditEntry, type AuditRecord, chainProblems } from '../domain/audit/chain.ts';
import type { Logger } from '../logger.ts';
import {
  type AuditFilter,
  anchor,
  appendAudit,
  auditPage,
  auditRecords,
  flushAudit,
  pruneAudit,
} from '../persistence/audit/audit.repository.ts';

export { flushAudit };

import { toCsv } from '../presentation/csv.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export type { AuditFilter };

/** Records one change. A record that cannot be written is logged as an error, with what it would have said. */
export async function audit(entry: AuditEntry, logger?: Logger): Promise<AuditRecord | null> {
  try {
    return await appendAudit(entry);
  } catch (err) {
    logger?.error({ err, audit: entry }, 'could not write an audit record');
    if (!logger) throw err;
    return null;
  }
}

export async function listAudit(
  f: AuditFilter,
  limit: number,
  cursor?: string,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const before = cursor
    ? decodeCursor<{ seq: number }>(cursor, (c) => typeof c.seq === 'number' && Number.isInteger(c.seq)).seq
    : undefined;
  const items = await auditPage(f, limit + 1, before);
  const more = items.length > limit;
  const page = items.slice(0, limit);
  return { items: page, nextCursor: more ? encodeCursor({ seq: page[page.length - 1].seq }) : null };
}

export interface AuditVerification {
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  problems: string[];
}

/** Reads the whole trail in order and says what is wrong with the chain (nothing, when it is whole). */
export async function verifyAudit(): Promise<AuditVerification> {
  const start = await anchor();
  let records = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  const last = { ...start };
  const problems: string[] = [];
  for await (const r of auditRecords()) {
    problems.push(...chainProblems([r], start, last));
    records++;
    firstSeq ??= r.seq;
    lastSeq = r.seq;
  }
  return { records, firstSeq, lastSeq, problems };
}

export const AUDIT_CSV_HEADER = ['seq', 'at', 'actorKind', 'actor', 'address', 'action', 'target', 'status', 'before', 'after', 'hash'];

export async function auditCsv(f: AuditFilter): Promise<string> {
  const rows: unknown[][] = [];
  for await (const r of auditRecords(f))
    rows.push([
      r.seq,
      r.at,
      r.actor.kind,
      r.actor.name,
      r.address,
      r.action,
      r.target,
      r.status ?? '',
      r.before ?? '',
      r.after ?? '',
      r.hash,
    ]);
  return toCsv(AUDIT_CSV_HEADER, rows);
}

/** Removes records older than the retention; returns how many. */
export async function applyAuditRetention(days: number, now = new Date()): Promise<number> {
  return pruneAudit(new Date(now.getTime() - days * 86_400_000));
}
