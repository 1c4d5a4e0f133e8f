import mongoose, { Schema } from 'mongoose';

/**
 * A signed-in session, as its user sees it in the list of their sessions: the session itself lives
 * in Redis; this says when it started, when it was last used and from where. Its id is the SHA-256
 * of the session id, never the id itself.
 */
export interface UserSessionDoc {
  _id: string;
  userId: string;
  startedAt: Date;
  lastSeenAt: Date;
  address: string;
  agent: string;
}

const schema = new Schema<UserSessionDoc>(
  {
    _id: String,
    userId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    address: String,
    agent: String,
  },
  { versionKey: false },
);

// A user's sessions, most recently used first.
schema.index({ userId: 1, lastSeenAt: -1 });

export const UserSessionModel = mongoose.model<UserSessionDoc>('UserSession', schema, 'userSessions');
