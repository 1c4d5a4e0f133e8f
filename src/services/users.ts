/**
 * Users of the web app: made by an admin (CLI or admin page) with a one-time set-password link;
 * passwords hashed with argon2id; disabled users cannot sign in and their sessions stop working.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Types } from 'mongoose';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { Role } from '../persistence/tokens/token.model.ts';
import { type UserDoc, UserModel } from '../persistence/users/user.model.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 12;
/** How long a set-password link works. */
const LINK_HOURS = 72;

// argon2id with the OWASP minimum (19 MiB, 2 iterations, 1 lane): about 20 ms here.
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface NewUser {
  user: UserDoc;
  /** Path of the one-time set-password page (under PUBLIC_URL). */
  setPasswordPath: string;
}

function issueSetPassword(): { token: string; hash: string; expires: Date } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: sha256(token), expires: new Date(Date.now() + LINK_HOURS * 3_600_000) };
}

/** The sign-in name for an e-mail address as typed (trimmed, lower case); a 400 when it is not one. */
export function signInName(email: string): string {
  const normal = email.trim().toLowerCase();
  if (!EMAIL.test(normal) || normal.length > 254) throw badRequest(`email: "${email}" is not an e-mail address`);
  return normal;
}

export async function createUser(email: string, role: Role, by: string): Promise<NewUser> {
  const normal = signInName(email);
  if (await UserModel.exists({ email: normal })) throw new AppError(409, 'exists', `a user ${normal} exists already`);
  const link = issueSetPassword();
  const doc = await UserModel.create({
    email: normal,
    role,
    createdAt: new Date(),
    createdBy: by,
    setPasswordHash: link.hash,
    setPasswordExpiresAt: link.expires,
  });
  return { user: doc.toObject(), setPasswordPath: `/set-password/${link.token}` };
}

/** A new set-password link for an existing user (forgotten password: an admin issues it). */
export async function resetPasswordLink(id: string): Promise<{ email: string; setPasswordPath: string }> {
  const link = issueSetPassword();
  const user = Types.ObjectId.isValid(id)
    ? await UserModel.findOneAndUpdate(
        { _id: id },
        { $set: { setPasswordHash: link.hash, setPasswordExpiresAt: link.expires } },
        { projection: { email: 1 } },
      ).lean<UserDoc>()
    : null;
  if (!user) throw notFound(`no user ${id}`);
  return { email: user.email, setPasswordPath: `/set-password/${link.token}` };
}

export async function userBySetPasswordToken(token: string): Promise<UserDoc | null> {
  return UserModel.findOne({
    setPasswordHash: sha256(token),
    setPasswordExpiresAt: { $gt: new Date() },
    disabledAt: { $exists: false },
  }).lean<UserDoc>();
}

export async function setPassword(token: string, password: string): Promise<UserDoc | null> {
  const user = await userBySetPasswordToken(token);
  if (!user) return null;
  const passwordHash = await hash(password, ARGON2);
  await UserModel.updateOne({ _id: user._id }, { $set: { passwordHash }, $unset: { setPasswordHash: '', setPasswordExpiresAt: '' } });
  return user;
}

// Verified against a hash of a password nobody has, so an unknown address takes as long as a wrong password.
let decoy: Promise<string> | null = null;

/** The user for an e-mail address and password, or null (unknown, wrong, disabled or no password yet alike). */
export async function checkPassword(email: string, password: string): Promise<UserDoc | null> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>();
  decoy ??= hash(randomBytes(16).toString('hex'), ARGON2);
  const ok = await verify(user?.passwordHash ?? (await decoy), password).catch(() => false);
  if (!user || !ok || !user.passwordHash || user.disabledAt) return null;
  await UserModel.updateOne({ _id: user._id }, { $set: { lastSignInAt: new Date() } });
  return user;
}

/** The active user with this e-mail address (the CLI acts for one by name). */
export async function activeUserByEmail(email: string): Promise<UserDoc | null> {
  return UserModel.findOne(
    { email: email.trim().toLowerCase(), disabledAt: { $exists: false } },
    { passwordHash: 0, setPasswordHash: 0 },
  ).lean<UserDoc>();
}

export async function activeUser(id: string): Promise<UserDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  return UserModel.findOne({ _id: id, disabledAt: { $exists: false } }, { passwordHash: 0, setPasswordHash: 0 }).lean<UserDoc>();
}

export async function listUsers(): Promise<UserDoc[]> {
  return UserModel.find({}, { passwordHash: 0, setPasswordHash: 0 }).sort({ email: 1 }).lean<UserDoc[]>();
}

export async function disableUser(idOrEmail: string): Promise<UserDoc> {
  const filter = Types.ObjectId.isValid(idOrEmail) ? { _id: idOrEmail } : { email: idOrEmail.trim().toLowerCase() };
  await UserModel.updateOne({ ...filter, disabledAt: { $exists: false } }, { $set: { disabledAt: new Date() } });
  const u = await UserModel.findOne(filter, { passwordHash: 0, setPasswordHash: 0 }).lean<UserDoc>();
  if (!u) throw notFound(`no user ${idOrEmail}`);
  return u;
}

/**
 * The user an identity provider vouched for, with the role its claim gives: made on their first
 * sign-in, given the provider's role on each later one. A disabled user is refused (null).
 */
export async function userFromIdentityProvider(
  email: string,
  role: Role,
): Promise<{ user: UserDoc; created: boolean; roleBefore: Role | null } | null> {
  const normal = signInName(email);
  const found = await UserModel.findOne({ email: normal }, { passwordHash: 0, setPasswordHash: 0 }).lean<UserDoc>();
  if (found?.disabledAt) return null;
  if (!found) {
    const doc = await UserModel.create({
      email: normal,
      role,
      createdAt: new Date(),
      createdBy: 'identity provider',
      lastSignInAt: new Date(),
    });
    return { user: doc.toObject(), created: true, roleBefore: null };
  }
  await UserModel.updateOne({ _id: found._id }, { $set: { role, lastSignInAt: new Date() } });
  return { user: { ...found, role }, created: false, roleBefore: found.role };
}
