import mongoose, { Schema, type Types } from 'mongoose';

/** A secret link that shows one supplier its own invoices. The token itself is never stored. */
export interface StatusLinkDoc {
  _id: Types.ObjectId;
  supplierId: string;
  /** SHA-256 of the token (hex); the token is shown once, when the link is made. */
  tokenHash: string;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
  lastOpenedAt?: Date;
  openCount: number;
}

const schema = new Schema<StatusLinkDoc>(
  {
    supplierId: { type: String, required: true },
    tokenHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: Date,
    revokedBy: String,
    lastOpenedAt: Date,
    openCount: { type: Number, default: 0 },
  },
  { versionKey: false },
);

// Opening a link: the presented token is looked up by its hash.
schema.index({ tokenHash: 1 }, { unique: true });
// A supplier's links, newest first (`status-links list SUPPLIER`).
schema.index({ supplierId: 1, createdAt: -1 });

export const StatusLinkModel = mongoose.model<StatusLinkDoc>('StatusLink', schema, 'statusLinks');
