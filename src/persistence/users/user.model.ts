import mongoose, { Schema, type Types } from 'mongoose';
import { ROLES, type Role } from '../tokens/token.model.ts';

/** A person who signs in to the web app. Passwords are argon2id hashes; set-password links are stored as hashes. */
export interface UserDoc {
  _id: Types.ObjectId;
  /** Lower case: the sign-in name. */
  email: string;
  role: Role;
  passwordHash?: string;
  createdAt: Date;
  createdBy: string;
  disabledAt?: Date;
  /** SHA-256 of a one-time set-password token, and until when it works. */
  setPasswordHash?: string;
  setPasswordExpiresAt?: Date;
  lastSignInAt?: Date;
  /** Signed out everywhere at this moment: sessions started before it no longer work. */
  sessionsValidAfter?: Date;
}

const schema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    role: { type: String, enum: ROLES, required: true },
    passwordHash: String,
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    disabledAt: Date,
    setPasswordHash: String,
    setPasswordExpiresAt: Date,
    lastSignInAt: Date,
    sessionsValidAfter: Date,
  },
  { versionKey: false },
);

// Signing in: a user by e-mail address.
schema.index({ email: 1 }, { unique: true });
// Opening a set-password link.
schema.index({ setPasswordHash: 1 }, { sparse: true });

export const UserModel = mongoose.model<UserDoc>('User', schema, 'users');
