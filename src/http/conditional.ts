/**
 * Conditional GETs for the reports and lists. Their ETag is made of the data version (bumped by every
 * import, recompute, rate or exchange-rate change), the URL and today's date, so a client that sends
 * If-None-Match gets 304 before anything is read or serialised (see `notModified`). The bodies themselves are kept per
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

/**
 * The tags this process gave out, newest last (a bounded set). A conditional GET whose tag is among
 * them and still current is answered by `notModified` before the app's routing, body parsers and the
 * audit trail: most of what a 304 would otherwise cost.
 */
const MAX_ISSUED = 10_000;
const issued = new Set<string>();

function issue(tag: string): void {
  if (issued.has(tag)) return;
  issued.add(tag);
  if (issued.size > MAX_ISSUED) issued.delete(issued.values().next().value as string);
}

/** Each URL's hash for the day, so a busy URL is hashed once a day (at most this many kept). */
const MAX_HASHES = 10_000;
const hashes = new Map<string, string>();

async function tagOf(url: string, today: () => string): Promise<string> {
  const version = await dataVersion();
  const key = `${url}|${today()}`;
  let hash = hashes.get(key);
  if (!hash) {
    hash = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    if (hashes.size >= MAX_HASHES) hashes.clear();
    hashes.set(key, hash);
  }
  return `W/"${version}-${hash}"`;
}

function setTag(res: Response, tag: string): void {
  // Private: the figures are the organisation's. A few seconds' reuse; after that, revalidate.
  res.set({ ETag: tag, 'Cache-Control': 'private, max-age=5' });
}

function answerNotModified(res: Response, tag: string): void {
  setTag(res, tag);
  res.status(304).end();
}

/**
 * Early, for every authenticated API request: a GET whose If-None-Match names a current tag this
 * process gave out for the same URL gets 304 here. Anything else goes on to its route, which knows
 * whether it is conditional at all (a tag only matches a URL it was given out for).
 */
export function notModified(today: () => string): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers['if-none-match'];
    if (req.method !== 'GET' || !header) return next();
    const tag = await tagOf(req.originalUrl, today);
    if (issued.has(tag) && matches(header, tag)) return answerNotModified(res, tag);
    next();
  };
}

/** A route's conditional GET: 304 for a current tag, else the kept body, else the route makes it. */
export function conditional(today: () => string): RequestHandler {
  return async (req, res, next) => {
    const tag = await tagOf(req.originalUrl, today);
    if (matches(req.headers['if-none-match'], tag)) {
      issue(tag);
      return answerNotModified(res, tag);
    }
    setTag(res, tag);
    const kept = bodies.get(tag);
    if (kept) {
      issue(tag);
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
  if (tag && res.statusCode === 200) {
    issue(tag);
    keep(tag, 'application/json; charset=utf-8', body);
  }
  res.type('application/json').send(body);
}
