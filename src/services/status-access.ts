/**
 * Opening a status link. Every request checks the data version (one read of one small document);
 * the link itself is read from the database only when this process has not seen it at that version
 * (revoking a link bumps the version). Openings are counted in memory and written each second.
 */
import { dataVersion } from '../persistence/data-version/data-version.ts';
import type { OpenCounter } from '../persistence/status-links/open-counter.ts';
import type { StatusLinkDoc } from '../persistence/status-links/status-link.model.ts';
import { hashStatusToken, isLive, statusLinkByHash } from '../persistence/status-links/status-link.repository.ts';

export interface OpenedLink {
  link: StatusLinkDoc;
  /** The data version the answer was read at: pages computed from it may be kept under it. */
  version: number;
}

const KEEP_LINKS = 10_000;

export class StatusAccess {
  private readonly seen = new Map<string, { link: StatusLinkDoc; version: number }>();

  constructor(private readonly opens: OpenCounter) {}

  /** The live link for a token, or null for an unknown, revoked or expired one (alike). */
  async open(token: string, opts: { count: boolean }): Promise<OpenedLink | null> {
    const hash = hashStatusToken(token);
    const version = await dataVersion();
    let known = this.seen.get(hash);
    if (!known || known.version !== version) {
      const link = await statusLinkByHash(hash);
      // Unknown tokens are not remembered: guesses must not fill the memory.
      if (!link) return null;
      if (this.seen.size >= KEEP_LINKS) this.seen.clear();
      this.seen.set(hash, (known = { link, version }));
    }
    if (!isLive(known.link)) return null;
    if (opts.count) this.opens.opened(known.link._id);
    return { link: known.link, version };
  }
}
