import type { Request, Response } from 'express';

/**
 * The next page of a paged list as a `Link: <…>; rel="next"` header (RFC 8288): the same request
 * with the next page's cursor in place of its own.
 */
export function linkNext(req: Request, res: Response, nextCursor: string | null): void {
  if (!nextCursor) return;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (k !== 'cursor') for (const x of ([] as unknown[]).concat(v)) p.append(k, String(x));
  p.set('cursor', nextCursor);
  res.links({ next: `${req.baseUrl}${req.path}?${p}` });
}
