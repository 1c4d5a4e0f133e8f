import mongoose, { Schema } from 'mongoose';
import type { AuditRecord } from '../../domain/audit/chain.ts';

/**
 * The audit trail, append-only: records are inserted and, past their retention, deleted from the
 * oldest on; never changed. `at` is kept as the ISO text the hash covers.
 */
const schema = new Schema<AuditRecord>(
  {
    seq: { type: Number, required: true },
    at: { type: String, required: true },
    actor: { kind: String, id: String, name: String },
    address: String,
    action: { type: String, required: true },
    target: String,
    status: Number,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false },
);

// The chain's order, and what makes two appenders that read the same last record take turns. The
// filters (actor, action, dates) read newest first along it: an index more would cost every change.
schema.index({ seq: 1 }, { unique: true });

export const AuditModel = mongoose.model<AuditRecord>('AuditRecord', schema, 'auditTrail');

/** Where the kept records start once retention removed older ones. */
export const AuditAnchorModel = mongoose.model<{ _id: string; seq: number; hash: string }>(
  'AuditAnchor',
  new Schema({ _id: String, seq: Number, hash: String }, { versionKey: false }),
  'auditAnchor',
);
