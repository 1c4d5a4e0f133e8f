import mongoose, { Schema } from 'mongoose';

export const ROLES = ['admin', 'finance', 'procurement'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenDoc {
  name: string;
  role: Role;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  createdAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
  /** API requests a minute this token may make (default: LIMITS.api), e.g. raised for an integration or a benchmark. */
  rateLimit?: number;
}

const schema = new Schema<TokenDoc>(
  {
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    tokenHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
    revokedAt: Date,
    rateLimit: { type: Number, min: 1 },
  },
  { versionKey: false },
);

// Authentication looks a presented token up by its hash.
schema.index({ tokenHash: 1 }, { unique: true });

export const TokenModel = mongoose.model<TokenDoc>('ApiToken', schema, 'apiTokens');
