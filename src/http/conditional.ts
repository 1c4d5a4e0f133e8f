/**
 * Conditional GETs for the reports and lists. Their ETag is made of the data version (bumped by every
 * import, recompute, rate or exchange-rate change), the URL and today's date, so a client that sends
 * If-None-Match gets 304 before anything is read or serialised. The bodies themselves are kept per
 * ETag in this process, so a repeated call without If-None-Match is sent from memory.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { dataVersion } from '../persistence/data-version/data-version.ts';

/** Kept bodies: at most this many, and this many bytes in all (oldest dropped first). */
const MAX_BODIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;
const bodies = new Map<string, { type: string; body: Buffer }>();
let bytes = 0;

function keep(tag: string, type: string, body: Buffer): void {
  if (body.length > MAX_BYTES / 8) return;
  bodies.set(tag, { type, body });
  bytes += body.length;
  while (bodies.size > MAX_BODIES || bytes > MAX_BYTES) {
    const [oldest, v] = bodies.entries().next().value as [string, { body: Buffer }];
    bodies.delete(oldest);
    bytes -= v.body.length;
  }
}

const matches = (header: string | undefined, tag: string) =>
  !!header && header.split(',').some((t) => t.trim() === tag || t.trim() === '*');

export function conditional(today: () => string): RequestHandler {
  return async (req, res, next) => {
    const version = await dataVersion();
    const hash = createHash('sha256').update(`${req.originalUrl}|${today()}`).digest('base64url').slice(0, 22);
    const tag = `W/"${version}-${hash}"`;
    // Private: the figures are the organisation's. A few seconds' reuse; after that, revalidate.
    res.set({ ETag: tag, 'Cache-Control': 'private, max-age=5' });
    if (matches(req.headers['if-none-match'], tag)) {
      res.status(304).end();
      return;
    }
    const kept = bodies.get(tag);
    if (kept) {
      res.type(kept.type).send(kept.body);
      return;
    }
    res.locals.etag = tag;
    next();
  };
}

/** Sends a JSON body and keeps it under the request's ETag (set by `conditional`). */
export function sendKept(res: Response, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  const tag = res.locals.etag as string | undefined;
  if (tag && res.statusCode === 200) keep(tag, 'application/json; charset=utf-8', body);
  res.type('application/json').send(body);
}
