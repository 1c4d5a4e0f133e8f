/** Signing in and out, and setting a password from a one-time link. */
import express, { type Request, type Response, Router } from 'express';
import { checkPassword, PASSWORD_MIN, setPassword, userBySetPasswordToken } from '../../services/users.ts';
import { text } from '../../web/forms/fields.ts';
import { SetPasswordPage, SignInPage } from '../../web/views/app/sign-in-page.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { noteAudit } from '../middleware/audit.ts';
import { missLimiter } from '../middleware/rate-limits.ts';
import { endSession, startSession } from '../middleware/session.ts';
import { sendNotFound, sendTooMany } from '../pages/render.tsx';
import type { AppDeps } from './app-deps.ts';
import { safeNext, sendAppPage } from './app-kit.tsx';

export function authPages(deps: AppDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  // Failed sign-ins (answered 401) are limited per address and per account, in Redis for every process.
  const failed = { isMiss: (res: Response) => res.statusCode === 401 };
  const perAddress = missLimiter('signInAddress', deps.limits, sendTooMany, failed);
  const perAccount = missLimiter('signInAccount', deps.limits, sendTooMany, {
    ...failed,
    key: (req) => text(req.body, 'email').toLowerCase() || undefined,
  });

  const show = (
    req: Request,
    res: Response,
    status: number,
    p: { email?: string; next?: string; errors?: FieldError[]; notice?: string | null },
  ) => {
    req.csrfScope = 'sign-in';
    sendAppPage(
      res,
      status,
      <SignInPage
        locale={req.locale}
        csrfToken={deps.csrf.token(req, res)}
        email={p.email ?? ''}
        next={safeNext(p.next)}
        errors={p.errors ?? []}
        notice={p.notice ?? null}
        provider={deps.oidc?.settings.name ?? null}
        passwords={deps.localPasswords}
      />,
    );
  };

  r.get('/sign-in', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    const t = req.locale.t.app.signIn;
    const notice = req.query.done === 'password' ? t.passwordSet : req.query.done === 'out' ? t.signedOut : null;
    show(req, res, 200, { next: String(req.query.next ?? ''), notice });
  });

  r.post('/sign-in', form, perAddress, perAccount, async (req, res) => {
    const t = req.locale.t.app.signIn;
    const email = text(req.body, 'email');
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const next = text(req.body, 'next');
    req.csrfScope = 'sign-in';
    if (!deps.localPasswords) return show(req, res, 403, { next, errors: [{ field: 'email', message: t.passwordsOff }] });
    if (!deps.csrf.valid(req)) return show(req, res, 403, { email, next, errors: [{ field: 'email', message: req.locale.t.errors.csrf }] });
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: t.missingEmail });
    if (!password) errors.push({ field: 'password', message: t.missingPassword });
    if (errors.length) return show(req, res, 400, { email, next, errors });
    const user = await checkPassword(email, password);
    if (!user) {
      noteAudit(res, { action: 'sign-in failed', target: email.trim().toLowerCase() });
      return show(req, res, 401, { email, next, errors: [{ field: 'email', message: t.failed }] });
    }
    await startSession(req, String(user._id));
    noteAudit(res, { action: 'sign-in', target: user.email, actor: { kind: 'user', id: String(user._id), name: user.email } });
    res.redirect(303, safeNext(next));
  });

  r.post('/sign-out', form, async (req, res) => {
    req.csrfScope = req.sessionID;
    if (req.user && !deps.csrf.valid(req)) return res.redirect(303, '/app');
    // Signed in through the identity provider: its session ends too, where it says how.
    const idToken = req.session.oidcIdToken;
    await endSession(req);
    noteAudit(res, { action: 'sign-out' });
    const there = idToken && deps.oidc ? await deps.oidc.endSessionUrl(idToken) : null;
    res.redirect(303, there ?? '/sign-in?done=out');
  });

  const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
  const passwordPage = async (req: Request, res: Response, status: number, errors: FieldError[]) => {
    const token = String(req.params.token);
    const user = TOKEN.test(token) ? await userBySetPasswordToken(token) : null;
    if (!user) return sendNotFound(req, res);
    req.csrfScope = `set-password:${token.slice(0, 8)}`;
    sendAppPage(
      res,
      status,
      <SetPasswordPage
        locale={req.locale}
        csrfToken={deps.csrf.token(req, res)}
        email={user.email}
        action={`/set-password/${token}`}
        passwordMin={PASSWORD_MIN}
        errors={errors}
      />,
    );
  };
  r.use('/set-password', (_req, res, next) => {
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });
  r.get('/set-password/:token', (req, res) => passwordPage(req, res, 200, []));
  r.post('/set-password/:token', form, async (req, res) => {
    const t = req.locale.t.app.setPassword;
    const token = String(req.params.token);
    req.csrfScope = `set-password:${token.slice(0, 8)}`;
    if (!deps.csrf.valid(req)) return passwordPage(req, res, 403, [{ field: 'password', message: req.locale.t.errors.csrf }]);
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const confirm = typeof req.body?.confirm === 'string' ? req.body.confirm : '';
    const errors: FieldError[] = [];
    if (password.length < PASSWORD_MIN) errors.push({ field: 'password', message: t.tooShort(PASSWORD_MIN) });
    else if (password !== confirm) errors.push({ field: 'confirm', message: t.mismatch });
    if (errors.length) return passwordPage(req, res, 400, errors);
    const user = TOKEN.test(token) ? await setPassword(token, password) : null;
    if (!user) return sendNotFound(req, res);
    noteAudit(res, { action: 'password set', target: user.email, actor: { kind: 'user', id: String(user._id), name: user.email } });
    res.redirect(303, '/sign-in?done=password');
  });
  return r;
}
