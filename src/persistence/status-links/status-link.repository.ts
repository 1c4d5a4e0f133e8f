import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { bumpDataVersion } from '../data-version/data-version.ts';
import { type StatusLinkDoc, StatusLinkModel } from './status-link.model.ts';

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

/** The link with this token hash, whatever its state (the caller checks revocation and expiry). */
export async function statusLinkByHash(tokenHash: string): Promise<StatusLinkDoc | null> {
  return StatusLinkModel.findOne({ tokenHash }, { tokenHash: 0 }).lean<StatusLinkDoc>();
}

/** Whether a link works at an instant: not revoked, not expired. */
export const isLive = (l: StatusLinkDoc, now = new Date()) => !l.revokedAt && l.expiresAt > now;

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
  // API processes keep links they have seen while the data version stays the same: this ends that.
  await bumpDataVersion();
  return StatusLinkModel.findById(id, { tokenHash: 0 }).lean<StatusLinkDoc>();
}
