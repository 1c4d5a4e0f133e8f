/** Making, listing and revoking suppliers' secret status links; the CLI and the API both use these. */
import { AppError, notFound } from '../errors.ts';
import type { StatusLinkDoc } from '../persistence/status-links/status-link.model.ts';
import { insertStatusLink, newStatusToken, revokeStatusLink, statusLinksOf } from '../persistence/status-links/status-link.repository.ts';
import { findSupplier } from '../persistence/suppliers/supplier.repository.ts';

const DURATION = /^(\d{1,4})d$/;

/** "180d" → 180; a clear error otherwise. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  const days = m ? Number(m[1]) : Number.NaN;
  if (!(days >= 1 && days <= 3650))
    throw new AppError(400, 'bad_request', `expires: "${text}" is not a number of days such as 180d (1d to 3650d)`);
  return days;
}

export function statusUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}

export interface NewLink {
  link: StatusLinkDoc;
  token: string;
  url: string;
}

export async function createStatusLink(
  supplierId: string,
  opts: { days: number; by: string; publicUrl: string; now?: Date },
): Promise<NewLink> {
  if (!(await findSupplier(supplierId))) throw notFound(`no supplier ${supplierId}`);
  const now = opts.now ?? new Date();
  const token = newStatusToken();
  // Expiry is an instant: the link works for `days` × 24 hours from now.
  const expiresAt = new Date(now.getTime() + opts.days * 86_400_000);
  const link = await insertStatusLink({ supplierId, createdAt: now, createdBy: opts.by, expiresAt }, token);
  return { link, token, url: statusUrl(opts.publicUrl, token) };
}

export async function listStatusLinks(supplierId: string | null): Promise<StatusLinkDoc[]> {
  if (supplierId !== null && !(await findSupplier(supplierId))) throw notFound(`no supplier ${supplierId}`);
  return statusLinksOf(supplierId);
}

export async function revokeLink(id: string, by: string): Promise<StatusLinkDoc> {
  const link = await revokeStatusLink(id, by);
  if (!link) throw notFound(`no status link ${id}`);
  return link;
}

export type LinkState = 'active' | 'revoked' | 'expired';

export const linkState = (l: StatusLinkDoc, now = new Date()): LinkState =>
  l.revokedAt ? 'revoked' : l.expiresAt <= now ? 'expired' : 'active';

/** The JSON form of a link (never its token or hash). */
export function statusLinkJson(l: StatusLinkDoc, now = new Date()) {
  return {
    id: String(l._id),
    supplierId: l.supplierId,
    state: linkState(l, now),
    createdAt: l.createdAt,
    createdBy: l.createdBy,
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt ?? null,
    lastOpenedAt: l.lastOpenedAt ?? null,
    openCount: l.openCount,
  };
}
