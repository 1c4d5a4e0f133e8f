import { Router } from 'express';
import { z } from 'zod';
import { createStatusLink, listStatusLinks, parseDuration, revokeLink, statusLinkJson } from '../../services/status-links.ts';
import { handleSupplierMessage, supplierMessageJson, supplierMessages } from '../../services/supplier-messages.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../validate.ts';

export interface LinkDeps {
  publicUrl: string;
  /** Lifetime of a new link when the request does not say. */
  linkDays: number;
}

/** Suppliers' status links (finance and admin) and the messages suppliers send through them. */
export function statusLinkRoutes(deps: LinkDeps): Router {
  const r = Router();
  const manage = requireRole('admin', 'finance');

  r.post('/suppliers/:id/status-links', manage, async (req, res) => {
    const body = parse(z.object({ expires: z.string().max(10).optional() }).strict(), req.body ?? {}, 'body');
    const days = body.expires === undefined ? deps.linkDays : parseDuration(body.expires);
    const made = await createStatusLink(req.params.id as string, { days, by: req.principal?.name ?? 'unknown', publicUrl: deps.publicUrl });
    res
      .status(201)
      .location(`/api/v1/status-links/${String(made.link._id)}`)
      .json({ ...statusLinkJson(made.link), url: made.url, token: made.token });
  });

  r.get('/suppliers/:id/status-links', manage, async (req, res) => {
    res.json({ statusLinks: (await listStatusLinks(req.params.id as string)).map((l) => statusLinkJson(l)) });
  });

  r.delete('/status-links/:id', manage, async (req, res) => {
    res.json(statusLinkJson(await revokeLink(req.params.id as string, req.principal?.name ?? 'unknown')));
  });

  r.get('/supplier-messages', async (req, res) => {
    const q = parse(
      z.object({ supplierId: z.string().max(200).optional(), open: z.enum(['true', 'false']).optional() }).strict(),
      req.query,
      'query',
    );
    const list = await supplierMessages({ supplierId: q.supplierId, open: q.open === 'true' });
    res.json({ messages: list.map(supplierMessageJson) });
  });

  r.post('/supplier-messages/:id/handled', requireRole('admin', 'finance', 'procurement'), async (req, res) => {
    res.json(supplierMessageJson(await handleSupplierMessage(req.params.id as string, req.principal?.name ?? 'unknown')));
  });

  return r;
}
