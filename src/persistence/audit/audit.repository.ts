/**
 * Appending to the audit trail and reading it. An append reads the last record and inserts the next
 * with its hash; two appenders that read the same last record collide on the unique seq, and the
 * later one reads again. Within a process appends take turns, so collisions come only from others.
 */
import { type AuditAnchor, type AuditEntry, type AuditRecord, recordHash } from '../../domain/audit/chain.ts';
import { escapeRegex } from '../escape-regex.ts';
import { AuditAnchorModel, AuditModel } from './audit.model.ts';

const NO_ID = { projection: { _id: 0 } };
let turn: Promise<unknown> = Promise.resolve();

export async function anchor(): Promise<AuditAnchor> {
  const a = await AuditAnchorModel.findById('audit').lean();
  return a ? { seq: a.seq, hash: a.hash } : { seq: 0, hash: '' };
}

async function appendOnce(entry: AuditEntry, at: Date): Promise<AuditRecord> {
  for (let attempt = 0; ; attempt++) {
    const last = await AuditModel.collection
      .find({}, { projection: { _id: 0, seq: 1, hash: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    const start = last ? { seq: last.seq as number, hash: last.hash as string } : await anchor();
    const body = { ...entry, seq: start.seq + 1, at: at.toISOString(), prevHash: start.hash };
    const record: AuditRecord = { ...body, hash: recordHash(body) };
    try {
      await AuditModel.collection.insertOne({ ...record });
      return record;
    } catch (e) {
      if ((e as { code?: number }).code !== 11000 || attempt >= 50) throw e;
    }
  }
}

export function appendAudit(entry: AuditEntry, at = new Date()): Promise<AuditRecord> {
  const mine = turn.then(() => appendOnce(entry, at));
  turn = mine.catch(() => {});
  return mine;
}

export interface AuditFilter {
  /** Part of the action ("sign-in", "imports"). */
  action?: string;
  /** Part of the actor's name. */
  actor?: string;
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
}

function query(f: AuditFilter, beforeSeq?: number): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (f.action) q.action = { $regex: escapeRegex(f.action), $options: 'i' };
  if (f.actor) q['actor.name'] = { $regex: escapeRegex(f.actor), $options: 'i' };
  if (f.from || f.to) q.at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lt: `${f.to}\uffff` } : {}) };
  if (beforeSeq !== undefined) q.seq = { $lt: beforeSeq };
  return q;
}

/** A page of records, newest first, before `beforeSeq`. */
export async function auditPage(f: AuditFilter, limit: number, beforeSeq?: number): Promise<AuditRecord[]> {
  return AuditModel.collection.find(query(f, beforeSeq), NO_ID).sort({ seq: -1 }).limit(limit).toArray() as Promise<unknown> as Promise<
    AuditRecord[]
  >;
}

/** Every record, oldest first (verification, CSV export). */
export async function* auditRecords(f: AuditFilter = {}): AsyncGenerator<AuditRecord> {
  for await (const r of AuditModel.collection.find(query(f), NO_ID).sort({ seq: 1 })) yield r as unknown as AuditRecord;
}

/**
 * Removes the records written before `before` (retention), oldest first. The anchor moves to the
 * last one removed before any is removed, so the chain stays checkable from where it now starts.
 */
export async function pruneAudit(before: Date): Promise<number> {
  const last = await AuditModel.collection
    .find({ at: { $lt: before.toISOString() } }, { projection: { _id: 0, seq: 1, hash: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  if (!last) return 0;
  await AuditAnchorModel.updateOne({ _id: 'audit' }, { $set: { seq: last.seq, hash: last.hash } }, { upsert: true });
  const r = await AuditModel.collection.deleteMany({ seq: { $lte: last.seq as number } });
  return r.deletedCount;
}
