import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/**
 * Rendered pages kept in memory, so a page that is opened often is not computed again while its
 * data stays the same. A key names everything the page depends on (supplier, day, language, data
 * version); an entry also lapses after a minute, so a change made outside tijdig's own write paths
 * shows within that time. Bounded: the oldest entry goes first.
 */
export class KeptPages {
  private readonly pages = new Map<string, { page: KeptPage; at: number }>();

  constructor(
    private readonly max = 500,
    private readonly keepMs = 60_000,
  ) {}

  get(key: string, now = Date.now()): KeptPage | undefined {
    const hit = this.pages.get(key);
    if (!hit) return undefined;
    if (now - hit.at > this.keepMs) {
      this.pages.delete(key);
      return undefined;
    }
    return hit.page;
  }

  set(key: string, page: KeptPage, now = Date.now()): void {
    this.pages.delete(key);
    if (this.pages.size >= this.max) this.pages.delete(this.pages.keys().next().value as string);
    this.pages.set(key, { page, at: now });
  }
}

/**
 * A rendered page, kept as the bytes before and after its CSRF token: sending it copies bytes
 * instead of encoding 50 KB of text again. Sent without express's ETag (a hash of every body):
 * these pages are never cached by the browser anyway.
 */
export class KeptPage {
  private readonly before: Buffer;
  private readonly after: Buffer;

  constructor(html: string) {
    const at = html.indexOf(CSRF_MARK);
    this.before = Buffer.from(at < 0 ? html : html.slice(0, at));
    this.after = Buffer.from(at < 0 ? '' : html.slice(at + CSRF_MARK.length));
  }

  send(res: Response, status: number, csrfToken: string): void {
    const body = Buffer.concat([this.before, Buffer.from(csrfToken), this.after]);
    res.status(status).type('html').setHeader('Content-Length', body.length);
    res.end(body);
  }
}

/**
 * Stands in for the CSRF token in a kept page: each reader gets its own token, put in place of this
 * marker when the page is sent. Random per process, so no page content can contain it.
 */
export const CSRF_MARK = `csrf-${randomBytes(12).toString('hex')}`;
