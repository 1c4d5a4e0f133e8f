/**
 * What a user (and an admin) sees of web-app sessions: the list of a user's sessions, and signing a
 * user out everywhere. A session ends after SESSION_HOURS without a request, SESSION_MAX_HOURS after
 * it started whatever its use, when its user signs out, and when its user is signed out everywhere
 * (every session started before that moment stops working at its next request).
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { notFound } from '../errors.ts';
import { UserModel } from '../persistence/users/user.model.ts';
import { type UserSessionDoc, UserSessionModel } from '../persistence/users/user-session.model.ts';

export const sessionKey = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** A user's use of a session is written at most this often. */
const SEEN_EVERY_MS = 60_000;

export async function sessionStarted(sessionId: string, userId: string, address: string, agent: string, at = new Date()): Promise<void> {
  await UserSessionModel.create({ _id: sessionKey(sessionId), userId, startedAt: at, lastSeenAt: at, address, agent: agent.slice(0, 200) });
}

export async function sessionSeen(sessionId: string, lastSeenAt: Date, now = new Date()): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() < SEEN_EVERY_MS) return;
  await UserSessionModel.updateOne({ _id: sessionKey(sessionId) }, { $set: { lastSeenAt: now } });
}

export async function sessionEnded(sessionId: string): Promise<void> {
  await UserSessionModel.deleteOne({ _id: sessionKey(sessionId) });
}

/** The user's sessions still in force, most recently used first. */
export async function listSessions(userId: string, idleHours: number, maxHours: number, now = new Date()): Promise<UserSessionDoc[]> {
  return UserSessionModel.find({
    userId,
    lastSeenAt: { $gt: new Date(now.getTime() - idleHours * 3_600_000) },
    startedAt: { $gt: new Date(now.getTime() - maxHours * 3_600_000) },
  })
    .sort({ lastSeenAt: -1 })
    .lean<UserSessionDoc[]>();
}

/** Ends every session of the user: each stops working at its next request. Returns the user's e-mail address. */
export async function signOutEverywhere(userId: string, at = new Date()): Promise<string> {
  const u = Types.ObjectId.isValid(userId)
    ? await UserModel.findOneAndUpdate({ _id: userId }, { $set: { sessionsValidAfter: at } }, { projection: { email: 1 } }).lean()
    : null;
  if (!u) throw notFound(`no user ${userId}`);
  await UserSessionModel.deleteMany({ userId });
  return u.email;
}
