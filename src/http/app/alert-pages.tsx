/** The alerts in the web app: list and filter them, acknowledge or snooze (everyone signed in). */
import express, { type Request, type Response, Router } from 'express';
import { RULE_IDS, type RuleId } from '../../domain/alerts/rules.ts';
import { addDays } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import { ALERT_STATES, type AlertState, LIVE_STATES } from '../../persistence/alerts/alert.model.ts';
import { listAlerts } from '../../persistence/alerts/alert.repository.ts';
import { SNOOZE_DAYS } from '../../services/alerts/action-links.ts';
import { acknowledgeAlert, snoozeAlert } from '../../services/alerts/manage.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { AlertsPage } from '../../web/views/app/alerts-page.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

export function alertPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });

  async function page(req: Request, res: Response, status: number, notice: string | null, error: string | null) {
    const t = req.locale.t.alerts;
    const state = typeof req.query.state === 'string' && [...ALERT_STATES, 'all'].includes(req.query.state) ? req.query.state : 'live';
    const rule = typeof req.query.rule === 'string' && (RULE_IDS as readonly string[]).includes(req.query.rule) ? req.query.rule : '';
    const alerts = await listAlerts({
      states: state === 'live' ? LIVE_STATES : state === 'all' ? undefined : [state as AlertState],
      rule: (rule || undefined) as RuleId | undefined,
    });
    const today = deps.today();
    sendAppPage(
      res,
      status,
      <AlertsPage
        locale={req.locale}
        app={chrome(req, res, deps, 'alerts')}
        errors={error ? [{ field: 'state', message: error }] : []}
        notice={notice}
        filter={{ state, rule }}
        states={[['live', t.page.live], ...ALERT_STATES.map((s): [string, string] => [s, t.states[s]]), ['all', t.page.all]]}
        rules={[['', t.page.all], ...RULE_IDS.map((id): [string, string] => [id, t.rules[id]])]}
        snoozeUntil={addDays(today, SNOOZE_DAYS)}
        rows={alerts.map((a) => {
          const w = alertWords(req.locale, a);
          return {
            id: String(a._id),
            opened: req.locale.shortDate(a.openedOn),
            supplier: { name: a.supplierName, href: `/app/suppliers/${encodeURIComponent(a.supplierId)}` },
            rule: w.rule,
            detail: w.detail,
            severity: t.severity[a.severity],
            critical: a.severity === 'critical',
            state:
              a.state === 'snoozed' && a.snoozedUntil
                ? `${t.states.snoozed} ${t.page.snoozedUntil(req.locale.date(a.snoozedUntil))}`
                : t.states[a.state],
            live: a.state !== 'resolved',
            acknowledged: a.state === 'acknowledged',
          };
        })}
      />,
    );
  }

  // After an action the list is shown by a redirect (reloading it repeats nothing); `done` says what happened.
  r.get('/app/alerts', anyone, (req, res) => {
    const t = req.locale.t.alerts.page;
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    const until = /^snoozed:(\d{4}-\d{2}-\d{2})$/.exec(done)?.[1];
    const notice = done === 'acknowledged' ? t.acknowledged : until ? t.snoozed(req.locale.date(until)) : null;
    return page(req, res, 200, notice, null);
  });

  const act =
    (run: (req: Request, by: string) => Promise<string>) =>
    async (req: Request, res: Response): Promise<void> => {
      if (!deps.csrf.valid(req)) return sendForbidden(req, res);
      try {
        const done = await run(req, req.user?.email ?? 'unknown');
        res.redirect(303, `/app/alerts?done=${encodeURIComponent(done)}#alert-${encodeURIComponent(String(req.params.id))}`);
      } catch (e) {
        // Resolved meanwhile, or a bad date: said on the list itself.
        if (e instanceof AppError && e.status < 500) return page(req, res, e.status, null, e.message);
        throw e;
      }
    };

  r.post(
    '/app/alerts/:id/acknowledge',
    anyone,
    form,
    act(async (req, by) => {
      await acknowledgeAlert(String(req.params.id), by);
      return 'acknowledged';
    }),
  );
  r.post(
    '/app/alerts/:id/snooze',
    anyone,
    form,
    act(async (req, by) => {
      const a = await snoozeAlert(String(req.params.id), req.body?.until, by, deps.today());
      return `snoozed:${a.snoozedUntil}`;
    }),
  );
  return r;
}
