import mongoose, { Schema, type Types } from 'mongoose';

export const MESSAGE_KINDS = ['question', 'missing'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A question about an invoice, or a report of one missing from the list, sent from a status page. */
export interface SupplierMessageDoc {
  _id: Types.ObjectId;
  supplierId: string;
  /** The status link it was sent through. */
  linkId: Types.ObjectId;
  kind: MessageKind;
  invoiceNumber: string | null;
  invoiceDate: string | null;
  /** Minor units in `currency`, as the supplier typed it. */
  amount: number | null;
  currency: string | null;
  message: string;
  createdAt: Date;
  handledAt?: Date;
  handledBy?: string;
}

const schema = new Schema<SupplierMessageDoc>(
  {
    supplierId: { type: String, required: true },
    linkId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: MESSAGE_KINDS, required: true },
    invoiceNumber: { type: String, default: null, maxlength: 64 },
    invoiceDate: { type: String, default: null, match: /^\d{4}-\d{2}-\d{2}$/ },
    amount: { type: Number, default: null },
    currency: { type: String, default: null, match: /^[A-Z]{3}$/ },
    message: { type: String, required: true, maxlength: 2000 },
    createdAt: { type: Date, required: true },
    handledAt: Date,
    handledBy: String,
  },
  { versionKey: false },
);

// The inbox: open messages first, newest first (finance and procurement).
schema.index({ handledAt: 1, createdAt: -1 });
// One supplier's messages (its page in the web app).
schema.index({ supplierId: 1, createdAt: -1 });

export const SupplierMessageModel = mongoose.model<SupplierMessageDoc>('SupplierMessage', schema, 'supplierMessages');
