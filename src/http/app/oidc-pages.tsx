/**
 * Signing in through the organisation's identity provider: the redirect there, and the callback.
 * A callback is accepted once, for the sign-in this browser started here within ten minutes; whatever
 * the provider answers that cannot be accepted (a foreign state, a code used before or altered, an ID
 * token that does not check out) is refused with a page that says so, and recorded.
 */
import { type Request, type Response, Router } from 'express';
import { AppError } from '../../errors.ts';
import { userFromIdentityProvider } from '../../services/users.ts';
import { MessagePage } from '../../web/views/layout.tsx';
import { noteAudit } from '../middleware/audit.ts';
import { saveSession, startSession } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { safeNext, sendAppPage } from './app-kit.tsx';

const PENDING_MS = 10 * 60_000;

export function oidcPages(deps: AppDeps): Router {
  const r = Router();
  const oidc = deps.oidc;
  if (!oidc) return r;

  const refused = (req: Request, res: Response, status: number, message: string, reason: string, who = '') => {
    noteAudit(res, { action: 'sign-in failed', target: who || 'identity provider', after: { reason } });
    const t = req.locale.t.app.signIn;
    sendAppPage(
      res,
      status,
      <MessagePage
        locale={req.locale}
        title={t.refusedTitle}
        heading={t.refusedTitle}
        paragraphs={[message]}
        link={{ href: '/sign-in', text: t.startAgain }}
      />,
    );
  };

  r.get('/sign-in/oidc', async (req, res) => {
    let start: Awaited<ReturnType<typeof oidc.start>>;
    try {
      start = await oidc.start(safeNext(req.query.next));
    } catch (e) {
      return refused(req, res, 503, req.locale.t.app.signIn.providerDown, `the provider did not answer: ${(e as Error).message}`);
    }
    req.session.oidc = start.pending;
    await saveSession(req);
    res.locals.audit = false; // Nothing changed yet: the sign-in is recorded when it ends.
    res.redirect(303, start.url);
  });

  r.get('/sign-in/oidc/callback', async (req, res) => {
    const t = req.locale.t.app.signIn;
    const pending = req.session.oidc;
    // One use: a replayed callback finds nothing to finish.
    delete req.session.oidc;
    if (!pending || Date.now() - pending.at > PENDING_MS) {
      await saveSession(req);
      return refused(req, res, 400, t.refusedExpired, 'no sign-in was started in this browser, or it was used already or expired');
    }
    const query = req.originalUrl.slice(req.originalUrl.indexOf('?'));
    let result: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      result = await oidc.finish(query.startsWith('?') ? query : '', pending);
    } catch (e) {
      await saveSession(req);
      // The claim a check failed on, where the library says (aud, iss, exp …), makes the reason useful.
      let claim: string | undefined;
      for (let c = (e as { cause?: unknown }).cause, depth = 0; c && typeof c === 'object' && !claim && depth < 4; depth++) {
        claim = typeof (c as { claim?: unknown }).claim === 'string' ? (c as { claim: string }).claim : undefined;
        c = (c as { cause?: unknown }).cause;
      }
      const reason = [(e as { error_description?: string }).error_description ?? (e as Error).message, claim && `(claim ${claim})`]
        .filter(Boolean)
        .join(' ')
        .slice(0, 200);
      return refused(req, res, 400, t.refusedProvider(reason), reason);
    }
    if (!result.email) return refused(req, res, 403, t.refusedNoEmail, 'the ID token has no e-mail address');
    if (!result.role) return refused(req, res, 403, t.refusedNoRole, 'no role in the ID token maps to a tijdig role', result.email);
    let made: Awaited<ReturnType<typeof userFromIdentityProvider>>;
    try {
      made = await userFromIdentityProvider(result.email, result.role);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return refused(req, res, 403, t.refusedNoEmail, e.message);
      throw e;
    }
    if (!made) return refused(req, res, 403, t.refusedDisabled, 'the user is disabled', result.email);
    await startSession(req, String(made.user._id));
    req.session.oidcIdToken = result.idToken;
    await saveSession(req);
    const changed = made.created || made.roleBefore !== result.role;
    noteAudit(res, {
      action: made.created ? 'sign-in (identity provider; user created)' : 'sign-in (identity provider)',
      target: made.user.email,
      actor: { kind: 'user', id: String(made.user._id), name: made.user.email },
      ...(changed ? { before: made.created ? null : { role: made.roleBefore }, after: { role: result.role } } : {}),
    });
    res.redirect(303, pending.next);
  });
  return r;
}
