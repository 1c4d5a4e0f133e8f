/**
 * Approving an invoice and scheduling its payment from a supplier's page (finance and admin): what an
 * alert of that supplier asks for. The supplier's figures and alerts follow through a recompute of it.
 */
import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../../errors.ts';
import { type InvoiceStep, takeInvoiceStep } from '../../services/invoice-status.ts';
import { MessagePage } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const FILTERS = /^(all|open|todo|overdue|disputed|paid)$/;

export function invoiceActions(deps: AppDeps): Router {
  const r = Router();
  const managers = signedIn(sendForbidden, 'admin', 'finance');
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });

  const step = (of: (req: Request) => InvoiceStep) => async (req: Request, res: Response) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const id = String(req.params.id);
    const number = String(req.params.number);
    const t = req.locale.t.app.supplier;
    try {
      const done = await takeInvoiceStep(id, number, of(req), req.user?.email ?? 'unknown', deps.today(), deps.org);
      await deps.recomputeSuppliers([id]);
      const back = typeof req.body?.back === 'string' && FILTERS.test(req.body.back) ? req.body.back : 'todo';
      const what = done.status === 'approved' ? 'approved' : `scheduled:${done.scheduledDate}`;
      res.redirect(
        303,
        `/app/suppliers/${encodeURIComponent(id)}?invoices=${back}&done=${encodeURIComponent(`${what}:${number}`)}#invoices`,
      );
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      sendAppPage(
        res,
        e.status,
        <MessagePage
          locale={req.locale}
          title={t.invoiceStepFailed}
          heading={t.invoiceStepFailed}
          paragraphs={[e.message]}
          link={{ href: `/app/suppliers/${encodeURIComponent(id)}#invoices`, text: t.backToSupplier }}
          app={chrome(req, res, deps, 'suppliers')}
        />,
      );
    }
  };

  r.post(
    '/app/suppliers/:id/invoices/:number/approve',
    managers,
    form,
    step(() => ({ kind: 'approve' })),
  );
  r.post(
    '/app/suppliers/:id/invoices/:number/schedule',
    managers,
    form,
    step((req) => ({ kind: 'schedule', date: req.body?.date })),
  );
  return r;
}
