/** The audit trail over the API: admins only, newest first, cursor-paged, and as CSV. */
import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.ts';
import { type AuditFilter, auditCsv, listAudit } from '../../services/audit.ts';
import { requireRole } from '../middleware/auth.ts';
import { linkNext } from '../paging.ts';
import { parse } from '../validate.ts';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const filter = z.object({
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(254).optional(),
  from: date.optional(),
  to: date.optional(),
});

export function auditRoutes(): Router {
  const r = Router();
  const admin = requireRole('admin');
  r.get('/audit', admin, async (req, res) => {
    const q = parse(
      filter
        .extend({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().min(1).max(200).optional() })
        .strict(),
      req.query,
      'query',
    );
    const { limit, cursor, ...f } = q;
    const page = await listAudit(f as AuditFilter, limit, cursor);
    linkNext(req, res, page.nextCursor);
    res.json({ items: page.items, nextCursor: page.nextCursor });
  });
  r.get('/audit.csv', admin, async (req, res) => {
    const f = parse(filter.strict(), req.query, 'query');
    res
      .type('text/csv')
      .attachment('audit.csv')
      .send(await auditCsv(f));
  });
  return r;
}
