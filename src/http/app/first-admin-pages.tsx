/** /setup/:token: the first admin of a new installation, from the link printed at start (see services/first-admin.ts). */
import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../../errors.ts';
import { claimFirstAdmin, firstAdminOpen } from '../../services/first-admin.ts';
import { PASSWORD_MIN, signInName } from '../../services/users.ts';
import { text } from '../../web/forms/fields.ts';
import { FirstAdminPage } from '../../web/views/app/first-admin-page.tsx';
import { type FieldError, MessagePage } from '../../web/views/layout.tsx';
import { startSession } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { sendAppPage } from './app-kit.tsx';

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export function firstAdminPages(deps: AppDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

  const invalid = (req: Request, res: Response) => {
    const t = req.locale.t.app.firstAdmin;
    sendAppPage(
      res,
      404,
      <MessagePage
        locale={req.locale}
        title={t.title}
        heading={t.title}
        paragraphs={[t.invalid]}
        link={{ href: '/sign-in', text: req.locale.t.front.signIn }}
      />,
    );
  };
  const show = (req: Request, res: Response, status: number, email: string, errors: FieldError[]) => {
    const token = String(req.params.token);
    req.csrfScope = `setup:${token.slice(0, 8)}`;
    sendAppPage(
      res,
      status,
      <FirstAdminPage
        locale={req.locale}
        csrfToken={deps.csrf.token(req, res)}
        action={`/setup/${token}`}
        email={email}
        errors={errors}
        passwordMin={PASSWORD_MIN}
      />,
    );
  };

  r.use('/setup', (_req, res, next) => {
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });
  r.get('/setup/:token', async (req, res) => {
    const token = String(req.params.token);
    if (!TOKEN.test(token) || !(await firstAdminOpen(token))) return invalid(req, res);
    show(req, res, 200, '', []);
  });
  r.post('/setup/:token', form, async (req, res) => {
    const t = req.locale.t.app;
    const token = String(req.params.token);
    req.csrfScope = `setup:${token.slice(0, 8)}`;
    const email = text(req.body, 'email');
    if (!deps.csrf.valid(req)) return show(req, res, 403, email, [{ field: 'email', message: req.locale.t.errors.csrf }]);
    if (!TOKEN.test(token) || !(await firstAdminOpen(token))) return invalid(req, res);
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const confirm = typeof req.body?.confirm === 'string' ? req.body.confirm : '';
    const errors: FieldError[] = [];
    try {
      signInName(email);
    } catch {
      errors.push({ field: 'email', message: t.firstAdmin.badEmail });
    }
    if (password.length < PASSWORD_MIN) errors.push({ field: 'password', message: t.setPassword.tooShort(PASSWORD_MIN) });
    else if (password !== confirm) errors.push({ field: 'confirm', message: t.setPassword.mismatch });
    if (errors.length) return show(req, res, 400, email, errors);
    let user: Awaited<ReturnType<typeof claimFirstAdmin>>;
    try {
      user = await claimFirstAdmin(token, email, password);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return show(req, res, 400, email, [{ field: 'email', message: e.message }]);
      throw e;
    }
    if (!user) return invalid(req, res);
    await startSession(req, String(user._id));
    res.redirect(303, '/app');
  });
  return r;
}
