import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.ts';
import type { RecomputeProducer } from '../../queues/recompute.producer.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import { resolveAsOf } from '../../services/reports.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../validate.ts';

/** Starting work: admin and finance only. */
export function adminRoutes(deps: { org: OrgSettings; recompute: RecomputeProducer }): Router {
  const r = Router();
  r.post('/recompute', requireRole('admin', 'finance'), async (req, res) => {
    const body = parse(
      z.object({ asOf: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD').optional() }).strict(),
      req.body ?? {},
      'body',
    );
    const asOf = resolveAsOf(body.asOf, deps.org);
    const runId = `api_${asOf}_${Date.now()}`;
    const job = await deps.recompute.full(asOf, runId);
    res.status(202).json({ asOf, runId, jobId: job.id });
  });
  return r;
}
