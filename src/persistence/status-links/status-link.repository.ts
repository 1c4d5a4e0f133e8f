import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { type StatusLinkDoc, StatusLinkModel } from './status-link.model';

export const hashStatusToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** 192 random bits, URL-safe: a password that lives in a URL. */
export const newStatusToken = () => randomBytes(24).toString('base64url');

export async function insertStatusLink(
  link: Omit<StatusLinkDoc, '_id' | 'openCount' | 'tokenHash'>,
  token: string,
): Promise<StatusLinkDoc> {
  const doc = await StatusLinkModel.create({ ...link, tokenHash: hashStatusToken(token), openCount: 0 });
  return doc.toObject();
}

/**
 * The live link for a presented token, counted as opened; null when unknown, revoked or expired
 * (the caller answers all three alike). One round trip: the match and the count are one update.
 */
export async function openStatusLink(token: string, now = new Date()): Promise<StatusLinkDoc | null> {
  return StatusLinkModel.findOneAndUpdate(
    { tokenHash: hashStatusToken(token), revokedAt: { $exists: false }, expiresAt: { $gt: now } },
    { $set: { lastOpenedAt: now }, $inc: { openCount: 1 } },
    { new: true, projection: { tokenHash: 0 } },
  ).lean<StatusLinkDoc>();
}

/** The live link for a token without counting an opening (forms posted from the page). */
export async function liveStatusLink(token: string, now = new Date()): Promise<StatusLinkDoc | null> {
  return StatusLinkModel.findOne(
    { tokenHash: hashStatusToken(token), revokedAt: { $exists: false }, expiresAt: { $gt: now } },
    { tokenHash: 0 },
  ).lean<StatusLinkDoc>();
}

export async function statusLinksOf(supplierId: string | null): Promise<StatusLinkDoc[]> {
  return StatusLinkModel.find(supplierId === null ? {} : { supplierId }, { tokenHash: 0 })
    .sort({ createdAt: -1 })
    .limit(1000)
    .lean<StatusLinkDoc[]>();
}

/** Revokes a link; null when there is no such link. Revoking twice keeps the first revocation. */
export async function revokeStatusLink(id: string, by: string, now = new Date()): Promise<StatusLinkDoc | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  await StatusLinkModel.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: now, revokedBy: by } });
  return StatusLinkModel.findById(id, { tokenHash: 0 }).lean<StatusLinkDoc>();
}
