/**
 * Appending to the audit trail and reading it. Within a process, entries wait their turn and are
 * appended in batches: the last record read once, the batch chained after it, inserted in order. Two
 * processes that read the same last record collide on the unique seq, and the later one chains what
 * it has left again.
 */
import { type AuditAnchor, type AuditEntry, type AuditRecord, recordHash } from '../../domain/audit/chain.ts';
import { escapeRegex } from '../escape-regex.ts';
import { AuditAnchorModel, AuditModel } from './audit.model.ts';

const NO_ID = { projection: { _id: 0 } };

export async function anchor(): Promise<AuditAnchor> {
  const a = await AuditAnchorModel.findById('audit').lean();
  return a ? { seq: a.seq, hash: a.hash } : { seq: 0, hash: '' };
}

interface Waiting {
  entry: AuditEntry;
  at: Date;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

/** Entries waiting for their turn; appended together, so a burst of changes costs a round trip or two, not one each. */
let waiting: Waiting[] = [];
let draining = false;
const BATCH = 500;
const LINGER_MS = 50;

/** The last record this process appended, and to which database (a test process opens several). */
let knownLast: (AuditAnchor & { db: string }) | null = null;
const dbKey = () => `${AuditModel.db.host}:${AuditModel.db.port}/${AuditModel.db.name}`;
const knownFor = (db: string): AuditAnchor | null => (knownLast && knownLast.db === db ? knownLast : null);

async function lastRecord(): Promise<AuditAnchor> {
  const last = await AuditModel.collection
    .find({}, { projection: { _id: 0, seq: 1, hash: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  return last ? { seq: last.seq as number, hash: last.hash as string } : anchor();
}

/**
 * Appends a batch after the last record: chains the batch's hashes here and inserts them in order,
 * in one round trip. The last record this process wrote is where it goes; when another process
 * appended since, the insert collides on seq: the records of ours that got in before the collision
 * are kept (they follow the chain), the last record is read, and the rest are chained after it.
 */
async function appendBatch(batch: Waiting[]): Promise<AuditRecord[]> {
  const done: AuditRecord[] = [];
  let rest = batch;
  for (let attempt = 0; rest.length; attempt++) {
    const db = dbKey();
    let prev = knownFor(db) ?? (await lastRecord());
    const records = rest.map((w) => {
      const body = { ...w.entry, seq: prev.seq + 1, at: w.at.toISOString(), prevHash: prev.hash };
      const record: AuditRecord = { ...body, hash: recordHash(body) };
      prev = { seq: record.seq, hash: record.hash };
      return record;
    });
    try {
      await AuditModel.collection.insertMany(
        records.map((r) => ({ ...r })),
        { ordered: true },
      );
      knownLast = { ...prev, db };
      return [...done, ...records];
    } catch (e) {
      knownLast = null;
      if ((e as { code?: number }).code !== 11000 || attempt >= 50) throw e;
      // In order: those before the first collision got in.
      const mine = await AuditModel.collection
        .find({ seq: { $in: records.map((r) => r.seq) } }, { projection: { _id: 0, seq: 1, hash: 1 } })
        .toArray();
      const ours = new Set(mine.filter((m) => records.some((r) => r.seq === m.seq && r.hash === m.hash)).map((m) => m.seq as number));
      const kept = records.filter((r) => ours.has(r.seq));
      done.push(...kept);
      rest = rest.slice(kept.length);
    }
  }
  return done;
}

async function drain(): Promise<void> {
  draining = true;
  try {
    while (waiting.length) {
      const batch = waiting.slice(0, BATCH);
      waiting = waiting.slice(BATCH);
      try {
        const records = await appendBatch(batch);
        for (const [i, w] of batch.entries()) w.resolve(records[i]);
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
  } finally {
    draining = false;
    const waiters = drained;
    drained = [];
    for (const w of waiters) w();
  }
}

let drained: Array<() => void> = [];

/** Resolves once every change recorded so far is written (before a process stops; tests that read the trail). */
export function flushAudit(): Promise<void> {
  if (!draining && waiting.length === 0) return Promise.resolve();
  return new Promise((resolve) => drained.push(resolve));
}

export function appendAudit(entry: AuditEntry, at = new Date()): Promise<AuditRecord> {
  return new Promise((resolve, reject) => {
    waiting.push({ entry, at, resolve, reject });
    if (draining) return;
    draining = true;
    // A moment's wait gathers the changes of a busy moment into one batch, one round trip (at 50 ms
    // a write call costs 0.98x what it costs with no trail: bench/audit.ts; at 10 ms, 0.82x).
    setTimeout(() => void drain(), LINGER_MS);
  });
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
  knownLast = null;
  const r = await AuditModel.collection.deleteMany({ seq: { $lte: last.seq as number } });
  return r.deletedCount;
}
