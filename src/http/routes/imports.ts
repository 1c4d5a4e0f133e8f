import { Router } from 'express';
import { z } from 'zod';
import type { ImportProducer } from '../../queues/import.producer.ts';
import type { RecomputeProducer } from '../../queues/recompute.producer.ts';
import { errorsCsv, getImport, importJson, importsPage, queueImport } from '../../services/imports.ts';
import type { OrgSettings } from '../../services/org-settings.ts';
import type { PaymentDeps } from '../../services/payment-runs/deps.ts';
import { requireRole } from '../middleware/auth.ts';
import { linkNext } from '../paging.ts';
import { unavailable } from '../unavailable.ts';
import { receiveUpload } from '../uploads.ts';
import { parse } from '../validate.ts';

export interface ApiDeps {
  org: OrgSettings;
  recompute: RecomputeProducer;
  imports: ImportProducer;
  uploadLimitBytes: number;
  /** Payment runs and bank statements (without it only proposals are served). */
  payments?: PaymentDeps;
}

export function importRoutes(deps: ApiDeps): Router {
  const r = Router();

  r.post('/imports', requireRole('admin', 'finance'), async (req, res) => {
    // Refused before a byte is stored: an import that cannot be queued would wait for nothing.
    if (!deps.imports.up()) {
      req.resume();
      throw unavailable('redis');
    }
    const { imp, enqueue } = await receiveUpload(req, deps.uploadLimitBytes, req.principal?.name ?? 'unknown');
    if (enqueue) await queueImport(imp, (id) => deps.imports.enqueue(id).then(() => {}));
    res
      .status(202)
      .location(`/api/v1/imports/${String(imp._id)}`)
      .json({
        id: String(imp._id),
        status: imp.status,
        ...(imp.duplicateOf ? { duplicateOf: String(imp.duplicateOf), message: imp.error } : {}),
      });
  });

  r.get('/imports', requireRole('admin', 'finance'), async (req, res) => {
    const q = parse(
      z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().min(1).max(200).optional() }).strict(),
      req.query,
      'query',
    );
    const page = await importsPage(q.limit, q.cursor);
    linkNext(req, res, page.nextCursor);
    res.json({ items: page.items.map(importJson), nextCursor: page.nextCursor });
  });

  r.get('/imports/:id', requireRole('admin', 'finance'), async (req, res) => {
    res.json(importJson(await getImport(req.params.id as string)));
  });

  r.get('/imports/:id/errors.csv', requireRole('admin', 'finance'), async (req, res) => {
    res
      .type('text/csv')
      .attachment(`import-${req.params.id}-errors.csv`)
      .send(await errorsCsv(req.params.id as string));
  });

  return r;
}
