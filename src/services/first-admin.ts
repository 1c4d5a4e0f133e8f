/**
 * The first admin of a new installation. While no user exists, each start of the API prints a
 * one-time link (as `tijdig users create` does for later users); whoever opens one first chooses
 * the admin's e-mail address and password. After that every such link is void.
 */
import { createHash, randomBytes } from 'node:crypto';
import { badRequest } from '../errors.ts';
import type { Role } from '../persistence/tokens/token.model.ts';
import { FirstAdminModel } from '../persistence/users/first-admin.model.ts';
import { UserModel } from '../persistence/users/user.model.ts';
import { createUser, PASSWORD_MIN, setPassword, signInName } from './users.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LINK_HOURS = 72;
const ID = 'first-admin' as const;
export const FIRST_ADMIN_ROLE: Role = 'admin';

/** Whether anyone can sign in yet (any user at all, disabled ones included). */
export const hasUsers = async (): Promise<boolean> => (await UserModel.exists({})) !== null;

/** A new one-time path to set up the first admin, or null when there are users already. */
export async function firstAdminLink(now = new Date()): Promise<string | null> {
  if (await hasUsers()) return null;
  const token = randomBytes(24).toString('base64url');
  const link = { hash: sha256(token), expiresAt: new Date(now.getTime() + LINK_HOURS * 3_600_000) };
  // Links of other starts stay valid beside this one: two API processes starting together each print one.
  await FirstAdminModel.updateOne({ _id: ID }, { $push: { links: { $each: [link], $slice: -20 } } }, { upsert: true });
  return `/setup/${token}`;
}

/** Whether this token may still set up the first admin. */
export async function firstAdminOpen(token: string, now = new Date()): Promise<boolean> {
  if (await hasUsers()) return false;
  const found = await FirstAdminModel.exists({
    _id: ID,
    claimedAt: { $exists: false },
    links: { $elemMatch: { hash: sha256(token), expiresAt: { $gt: now } } },
  });
  return found !== null;
}

/**
 * Makes the first admin with this address and password; null when the link is void (used, expired,
 * or someone became admin first). Only one claim of the setup document succeeds.
 */
export async function claimFirstAdmin(token: string, email: string, password: string, now = new Date()) {
  // Checked before the claim: a typing error must not use the link up.
  signInName(email);
  if (password.length < PASSWORD_MIN) throw badRequest(`password: at least ${PASSWORD_MIN} characters`);
  if (!(await firstAdminOpen(token, now))) return null;
  const claimed = await FirstAdminModel.findOneAndUpdate(
    { _id: ID, claimedAt: { $exists: false }, links: { $elemMatch: { hash: sha256(token), expiresAt: { $gt: now } } } },
    { $set: { claimedAt: now, links: [] } },
  ).lean();
  if (!claimed) return null;
  const made = await createUser(email, FIRST_ADMIN_ROLE, 'first-admin link');
  // The set-password step of a new user, done at once: the person chose the password already.
  await setPassword(made.setPasswordPath.slice('/set-password/'.length), password);
  return made.user;
}
