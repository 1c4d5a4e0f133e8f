/** A user's own account page: their sessions, and signing out everywhere. */
import express, { Router } from 'express';
import { listSessions, sessionKey, signOutEverywhere } from '../../services/user-sessions.ts';
import { AccountPage } from '../../web/views/app/account-page.tsx';
import { noteAudit } from '../middleware/audit.ts';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

export function accountPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });

  r.get('/app/account', anyone, async (req, res) => {
    const t = req.locale.t.app.account;
    const user = req.user!;
    const here = sessionKey(req.sessionID);
    const sessions = await listSessions(String(user._id), deps.sessionHours.idle, deps.sessionHours.max);
    const at = (d: Date) => req.locale.instant(d, deps.org.timezone);
    sendAppPage(
      res,
      200,
      <AccountPage
        locale={req.locale}
        app={chrome(req, res, deps, 'account')}
        email={user.email}
        role={t.roles[user.role] ?? user.role}
        limits={t.limits(deps.sessionHours.idle, deps.sessionHours.max)}
        sessions={sessions.map((s) => ({
          started: at(s.startedAt),
          lastSeen: at(s.lastSeenAt),
          address: s.address,
          agent: s.agent,
          current: s._id === here,
        }))}
      />,
    );
  });

  r.post('/app/account/sign-out-everywhere', anyone, form, async (req, res) => {
    if (!deps.csrf.valid(req)) return sendForbidden(req, res);
    const email = await signOutEverywhere(String(req.user!._id));
    noteAudit(res, { action: 'signed out everywhere', target: email });
    res.redirect(303, '/sign-in?done=out');
  });
  return r;
}
