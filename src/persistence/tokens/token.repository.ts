import { createHash, randomBytes } from 'node:crypto';
import { type Role, type TokenDoc, TokenModel } from './token.model';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token and returns it in the clear, once; only its hash is stored. */
export async function createToken(name: string, role: Role): Promise<string> {
  const token = `tjd_${randomBytes(32).toString('base64url')}`;
  await TokenModel.create({ name, role, tokenHash: hashToken(token), createdAt: new Date() });
  return token;
}

export async function findActiveToken(token: string): Promise<Pick<TokenDoc, 'name' | 'role'> | null> {
  const doc = await TokenModel.findOneAndUpdate(
    { tokenHash: hashToken(token), revokedAt: { $exists: false } },
    { $set: { lastUsedAt: new Date() } },
    { projection: { name: 1, role: 1 } },
  ).lean();
  return doc ? { name: doc.name, role: doc.role } : null;
}

export async function listTokens(): Promise<Array<TokenDoc & { _id: unknown }>> {
  return TokenModel.find({}, { tokenHash: 0 }).sort({ createdAt: -1 }).lean<Array<TokenDoc & { _id: unknown }>>();
}

/** Revokes a token; false when there is no such token. */
export async function revokeToken(id: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/.test(id)) return false;
  const r = await TokenModel.updateOne({ _id: id }, { $set: { revokedAt: new Date() } });
  return r.matchedCount > 0;
}
