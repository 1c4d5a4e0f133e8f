import { createHash, randomBytes } from 'node:crypto';
import { type Role, type TokenDoc, TokenModel } from './token.model.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token and returns it in the clear, once; only its hash is stored. */
export async function createToken(name: string, role: Role, rateLimit?: number): Promise<string> {
  const token = `tjd_${randomBytes(32).toString('base64url')}`;
  await TokenModel.create({ name, role, tokenHash: hashToken(token), createdAt: new Date(), ...(rateLimit ? { rateLimit } : {}) });
  return token;
}

export interface ActiveToken {
  id: string;
  name: string;
  role: Role;
  rateLimit: number | null;
}

/**
 * Tokens looked up in this process in the last few seconds, by hash: an API call then costs no
 * database round trip. A token revoked here is dropped at once; one revoked by another process
 * stops working here within KEEP_MS.
 */
const KEEP_MS = 5_000;
const seen = new Map<string, { at: number; token: ActiveToken | null }>();
/** lastUsedAt is written at most this often per token (it is for "is this token still used?"). */
const TOUCH_MS = 60_000;
const touched = new Map<string, number>();

export async function findActiveToken(token: string): Promise<ActiveToken | null> {
  const hash = hashToken(token);
  const now = Date.now();
  const known = seen.get(hash);
  if (known && now - known.at < KEEP_MS) return known.token;
  const doc = await TokenModel.findOne({ tokenHash: hash, revokedAt: { $exists: false } }, { name: 1, role: 1, rateLimit: 1 }).lean();
  const found = doc ? { id: String(doc._id), name: doc.name, role: doc.role, rateLimit: doc.rateLimit ?? null } : null;
  if (seen.size > 10_000) seen.clear();
  seen.set(hash, { at: now, token: found });
  if (found && now - (touched.get(hash) ?? 0) > TOUCH_MS) {
    touched.set(hash, now);
    await TokenModel.updateOne({ _id: doc?._id }, { $set: { lastUsedAt: new Date(now) } });
  }
  return found;
}

export async function listTokens(): Promise<Array<TokenDoc & { _id: unknown }>> {
  return TokenModel.find({}, { tokenHash: 0 }).sort({ createdAt: -1 }).lean<Array<TokenDoc & { _id: unknown }>>();
}

/** Revokes a token; false when there is no such token. */
export async function revokeToken(id: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/.test(id)) return false;
  const r = await TokenModel.updateOne({ _id: id }, { $set: { revokedAt: new Date() } });
  // Not a moment longer in this process.
  for (const [hash, v] of seen) if (v.token?.id === id) seen.delete(hash);
  return r.matchedCount > 0;
}
