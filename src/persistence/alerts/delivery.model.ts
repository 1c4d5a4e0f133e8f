import mongoose, { Schema, type Types } from 'mongoose';

export type Channel = 'email' | 'webhook';
export type DeliveryKind = 'alert' | 'digest' | 'test' | 'remittance';

export interface Attempt {
  at: Date;
  ok: boolean;
  error?: string;
}

/**
 * One message to one recipient over one channel. Its id is made of what it carries (channel, alert
 * or digest day, recipient), so planning it twice adds nothing; it is the webhook idempotency key
 * and the e-mail Message-ID, so a receiver can drop a repeat after a worker died mid-send.
 */
export interface DeliveryDoc {
  _id: string;
  channel: Channel;
  kind: DeliveryKind;
  /** An e-mail address, or a webhook id. */
  target: string;
  lang: 'nl' | 'en';
  alertIds: Types.ObjectId[];
  /** A remittance advice: the run and the supplier it is about. */
  runId?: string;
  supplierId?: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Attempt[];
  createdAt: Date;
  sentAt?: Date;
}

const schema = new Schema<DeliveryDoc>(
  {
    _id: String,
    channel: { type: String, enum: ['email', 'webhook'], required: true },
    kind: { type: String, enum: ['alert', 'digest', 'test', 'remittance'], required: true },
    target: { type: String, required: true },
    lang: { type: String, enum: ['nl', 'en'], required: true },
    alertIds: { type: [Schema.Types.ObjectId], default: [] },
    runId: String,
    supplierId: String,
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: [{ at: Date, ok: Boolean, error: String, _id: false }], default: [] },
    createdAt: { type: Date, required: true },
    sentAt: Date,
  },
  { versionKey: false },
);

// An alert's deliveries (its detail in the API); the digest's retry of failed ones.
schema.index({ alertIds: 1 });
schema.index({ status: 1 });

export const DeliveryModel = mongoose.model<DeliveryDoc>('AlertDelivery', schema, 'alertDeliveries');
