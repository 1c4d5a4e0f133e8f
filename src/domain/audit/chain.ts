/**
 * The audit trail's chain: each record holds the hash of the one before, so a record changed, taken
 * out or put in afterwards shows. The hash covers every field of the record but its own hash, as
 * canonical JSON (keys sorted at every level), so it does not depend on how a store orders fields.
 */
import { canonicalHash } from '../canonical-json.ts';

export interface AuditActor {
  kind: 'user' | 'token' | 'cli' | 'system' | 'anonymous';
  /** The user's or token's id; '' for the others. */
  id: string;
  /** E-mail address, token name, or what acted (the watched folder, the daily schedule). */
  name: string;
}

export interface AuditEntry {
  actor: AuditActor;
  /** The address the request came from ('' outside HTTP). */
  address: string;
  /** What was done, e.g. "sign-in", "sign-in failed", "POST /api/v1/imports". */
  action: string;
  /** What it was done to (a path, an id, an e-mail address). */
  target: string;
  /** The answer's status, for a request. */
  status?: number;
  before?: unknown;
  after?: unknown;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  /** ISO instant. */
  at: string;
  prevHash: string;
  hash: string;
}

export const recordHash = (r: Omit<AuditRecord, 'hash'>): string => canonicalHash(r);

/** Where the kept records start: the last record retention removed (seq 0 and '' when none was). */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** What is wrong with a run of records read in seq order after `anchor`: gaps, changes, broken links. */
export function chainProblems(records: Iterable<AuditRecord>, anchor: AuditAnchor, last = { ...anchor }): string[] {
  const problems: string[] = [];
  for (const r of records) {
    if (r.seq !== last.seq + 1) problems.push(`records ${last.seq + 1}–${r.seq - 1} are missing`);
    else if (r.prevHash !== last.hash) problems.push(`record ${r.seq} does not follow record ${last.seq} (its link was changed)`);
    const { hash, ...rest } = r;
    if (recordHash(rest) !== hash) problems.push(`record ${r.seq} was changed after it was written`);
    last.seq = r.seq;
    last.hash = r.hash;
  }
  return problems;
}
