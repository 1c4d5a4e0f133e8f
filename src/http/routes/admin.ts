import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates';
import type { RecomputeProducer } from '../../queues/recompute.producer';
import type { OrgSettings } from '../../services/org-settings';
import { resolveAsOf } from '../../services/reports';
import { requireRole } from '../middleware/auth';
import { parse } from '../validate';

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
