import mongoose, { Schema, type Types } from 'mongoose';

/**
 * A webhook alerts are posted to. The signing secret must be usable to sign, so it cannot be hashed:
 * it is stored encrypted with a key derived from SECRET_KEY (AES-256-GCM), never in the clear.
 */
export interface WebhookDoc {
  _id: Types.ObjectId;
  url: string;
  secretEncrypted: string;
  createdAt: Date;
  createdBy: string;
}

const schema = new Schema<WebhookDoc>(
  {
    url: { type: String, required: true, maxlength: 2000 },
    secretEncrypted: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false },
);

export const WebhookModel = mongoose.model<WebhookDoc>('AlertWebhook', schema, 'alertWebhooks');
