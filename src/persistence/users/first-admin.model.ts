import mongoose, { Schema } from 'mongoose';

/**
 * The links that set up the first admin, while there is no user: SHA-256 hashes of their tokens,
 * each with its expiry. One document; claiming it (setting `claimedAt`) is what lets exactly one
 * person become the first admin, however many links were printed.
 */
export interface FirstAdminDoc {
  _id: 'first-admin';
  links: Array<{ hash: string; expiresAt: Date }>;
  claimedAt?: Date;
}

const schema = new Schema<FirstAdminDoc>(
  {
    _id: { type: String, required: true },
    links: [{ _id: false, hash: { type: String, required: true }, expiresAt: { type: Date, required: true } }],
    claimedAt: Date,
  },
  { versionKey: false },
);

export const FirstAdminModel = mongoose.model<FirstAdminDoc>('FirstAdmin', schema, 'setup');
