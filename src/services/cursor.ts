/**
 * The opaque `cursor` of every paged list: what the list needs to go on (a position, a last id), as
 * base64url JSON. A token that is not one tijdig gave out, or not of this list, is a clear 400.
 */
import { badRequest } from '../errors.ts';

export const encodeCursor = (position: object): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/** The position in a token, when `valid` recognises it as this list's. */
export function decodeCursor<T>(token: string, valid: (c: Record<string, unknown>) => boolean): T {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // Said below.
  }
  if (c && typeof c === 'object' && valid(c as Record<string, unknown>)) return c as T;
  throw badRequest('query.cursor: not a cursor tijdig gave out (use nextCursor of the previous page as it is)');
}

/** A MongoDB ObjectId as its 24 hex characters. */
export const isObjectIdHex = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{24}$/.test(v);
