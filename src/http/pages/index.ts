/** The web pages, on the same express app and set-up as the API. */
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import { ASSET_DIR } from '../../web/assets.ts';
import { negotiateLocale } from '../middleware/locale.ts';
import { strictCsp } from '../middleware/page-headers.ts';
import { alertActionPages } from './alert-action-pages.tsx';
import { frontPages } from './front-pages.tsx';
import { lookupPages } from './lookup-pages.tsx';
import type { PageDeps } from './page-deps.ts';
import { practicesPages } from './practices-pages.tsx';
import { sendNotFound } from './render.tsx';
import { statusPages } from './status-pages.tsx';

export type { PageDeps } from './page-deps.ts';

/** `app`: the signed-in web app, mounted among the pages (same locale, CSP and error pages). */
export function pageRoutes(deps: PageDeps, app?: Router): Router {
  const r = Router();
  // The API has its own JSON answers, errors included.
  r.use((req, _res, next) => next(req.path.startsWith('/api/') || req.path === '/api' ? 'router' : undefined));
  // Assets carry a content hash in their URL (see web/assets.ts): cached for a year.
  r.use('/assets', express.static(ASSET_DIR, { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  r.use(cookieParser(), negotiateLocale(deps.defaultLang, deps.secure), strictCsp);
  r.use(statusPages(deps), lookupPages(deps), practicesPages(deps));
  if (deps.alerts) r.use(alertActionPages(deps.alerts.deps));
  if (app) r.use(app);
  r.use(frontPages(deps), sendNotFound);
  return r;
}
