/** Loading and removing sample data from the web app (admins): the same service as `tijdig demo`. */
import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../../errors.ts';
import { removeSampleData } from '../../services/sample-data.ts';
import { MessagePage } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

export function sampleDataPages(deps: AppDeps): Router {
  const r = Router();
  const admins = signedIn(sendForbidden, 'admin');
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });

  // Loaded already, or real data there: said on a page of its own, with the way back.
  const refused = (req: Request, res: Response, e: AppError) =>
    sendAppPage(
      res,
      e.status,
      <MessagePage
        locale={req.locale}
        title={req.locale.t.app.overview.loadSample}
        heading={req.locale.t.app.overview.loadSample}
        paragraphs={[e.message]}
        link={{ href: '/app', text: req.locale.t.app.nav.overview }}
        app={chrome(req, res, deps, 'overview')}
      />,
    );

  r.post('/app/sample-data', admins, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    try {
      await deps.loadSampleData(req.user?.email ?? 'unknown');
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return refused(req, res, e);
      throw e;
    }
    res.redirect(303, '/app?sample=loaded');
  });

  r.post('/app/sample-data/remove', admins, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const gone = await removeSampleData();
    res.redirect(303, `/app?removed=${gone.suppliers},${gone.invoices}`);
  });
  return r;
}
