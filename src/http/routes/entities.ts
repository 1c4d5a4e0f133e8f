import express, { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.ts';
import { badRequest } from '../../errors.ts';
import { entityJson, ukPackCsv } from '../../presentation/entities.ts';
import { entityDirectory, importEntities } from '../../services/entities.ts';
import { nlHalfYearReport, ukSubmissionPack } from '../../services/entity-reports.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import { noteAudit } from '../middleware/audit.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../validate.ts';

const date = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD');
const periodQuery = z
  .object({ entity: z.string().min(1).max(20), periodStart: date, format: z.enum(['json', 'csv']).default('json') })
  .strict();

/** The group's legal entities (read: any role; an entities file: admin) and the reports each must file. */
export function entityRoutes(org: OrgSettings): Router {
  const r = Router();

  r.get('/entities', async (_req, res) => {
    const dir = await entityDirectory(org);
    res.json({ defaultEntity: dir.defaultCode, items: dir.list.map(entityJson) });
  });

  // The whole file as the body: entities are a handful of rows, taken all or nothing.
  r.post(
    '/entities',
    requireRole('admin'),
    express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream'], limit: '1mb' }),
    async (req, res) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw badRequest('body: send the entities file as the body, with Content-Type: text/csv');
      const before = (await entityDirectory(org)).list.map(entityJson);
      const done = await importEntities(req.body, org, req.principal?.name ?? 'api');
      noteAudit(res, {
        action: 'entities imported',
        target: done.entities.map((e) => e.code).join(', '),
        before,
        after: done.entities.map(entityJson),
      });
      res.status(200).json({ added: done.added, changed: done.changed, items: done.entities.map(entityJson) });
    },
  );

  r.get('/reports/uk-pack', async (req, res) => {
    const q = parse(periodQuery, req.query, 'query');
    const pack = await ukSubmissionPack(org, q.entity, q.periodStart);
    if (q.format === 'csv') res.type('text/csv').attachment(`uk-pack-${pack.entity.code}-${pack.period.from}.csv`).send(ukPackCsv(pack));
    else res.json(pack);
  });

  r.get('/reports/nl-half-year', async (req, res) => {
    const q = parse(periodQuery.omit({ format: true }), req.query, 'query');
    res.json(await nlHalfYearReport(org, q.entity, q.periodStart));
  });

  return r;
}
