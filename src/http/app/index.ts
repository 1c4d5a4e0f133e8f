/**
 * The signed-in web app for finance and procurement (/app), with sign-in, sign-out and set-password.
 * Same templates, catalogues and security set-up as the supplier pages; the same services as the API.
 */
import { Router } from 'express';
import { sampleDataInfo } from '../../persistence/sample-data/sample-data.ts';
import { loadUser } from '../middleware/session.ts';
import { unavailable } from '../unavailable.ts';
import { accountPages } from './account-pages.tsx';
import { adminPages } from './admin-pages.tsx';
import { alertPages } from './alert-pages.tsx';
import type { AppDeps } from './app-deps.ts';
import { authPages } from './auth-pages.tsx';
import { columnPages } from './column-pages.tsx';
import { entityPages } from './entity-pages.tsx';
import { firstAdminPages } from './first-admin-pages.tsx';
import { importPages } from './import-pages.tsx';
import { invoiceActions } from './invoice-actions.tsx';
import { oidcPages } from './oidc-pages.tsx';
import { paymentRunPages } from './payment-run-pages.tsx';
import { reportPages } from './report-pages.tsx';
import { sampleDataPages } from './sample-data-pages.tsx';
import { supplierPages } from './supplier-pages.tsx';

export type { AppDeps } from './app-deps.ts';

const APP_PATHS = /^\/($|app(\/|$)|sign-in($|\/oidc($|\/callback$))|sign-out$|set-password\/|setup\/)/;

export function appRoutes(deps: AppDeps): Router {
  const r = Router();
  // Sessions only where they are used: the supplier pages and the API never touch them.
  r.use((req, _res, next) => next(APP_PATHS.test(req.path) ? undefined : 'router'));
  // Sessions live in Redis: while it does not answer, signed-in pages say so at once (503), and the
  // front page goes on for anyone not signed in.
  r.use((req, _res, next) => (deps.sessionsUp() ? next() : next(req.path === '/' ? 'router' : unavailable('redis'))));
  r.use(deps.sessions, loadUser(deps.sessionHours.max), async (req, res, next) => {
    // Forms of a signed-in user are bound to the session.
    if (req.user) req.csrfScope = req.sessionID;
    // Every page of the web app says when what it shows is sample data.
    if (req.user) res.locals.sampleData = (await sampleDataInfo()) !== null;
    next();
  });
  // The front door: a signed-in user goes straight to the overview (anyone else gets the front page).
  r.get('/', (req, res, next) => (req.user ? res.redirect(303, '/app') : next()));
  r.use(
    authPages(deps),
    oidcPages(deps),
    firstAdminPages(deps),
    supplierPages(deps),
    invoiceActions(deps),
    alertPages(deps),
    columnPages(deps),
    importPages(deps),
    paymentRunPages(deps),
    reportPages(deps),
    entityPages(deps),
    adminPages(deps),
    accountPages(deps),
    sampleDataPages(deps),
  );
  return r;
}
