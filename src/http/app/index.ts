/**
 * The signed-in web app for finance and procurement (/app), with sign-in, sign-out and set-password.
 * Same templates, catalogues and security set-up as the supplier pages; the same services as the API.
 */
import { Router } from 'express';
import { loadUser } from '../middleware/session.ts';
import { adminPages } from './admin-pages.tsx';
import { alertPages } from './alert-pages.tsx';
import type { AppDeps } from './app-deps.ts';
import { authPages } from './auth-pages.tsx';
import { importPages } from './import-pages.tsx';
import { reportPages } from './report-pages.tsx';
import { supplierPages } from './supplier-pages.tsx';

export type { AppDeps } from './app-deps.ts';

const APP_PATHS = /^\/(app(\/|$)|sign-in$|sign-out$|set-password\/)/;

export function appRoutes(deps: AppDeps): Router {
  const r = Router();
  // Sessions only where they are used: the supplier pages and the API never touch them.
  r.use((req, _res, next) => next(APP_PATHS.test(req.path) ? undefined : 'router'));
  r.use(deps.sessions, loadUser, (req, _res, next) => {
    // Forms of a signed-in user are bound to the session.
    if (req.user) req.csrfScope = req.sessionID;
    next();
  });
  r.get('/', (_req, res) => res.redirect(303, '/app'));
  r.use(authPages(deps), supplierPages(deps), alertPages(deps), importPages(deps), reportPages(deps), adminPages(deps));
  return r;
}
