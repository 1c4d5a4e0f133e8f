/**
 * The acknowledge and snooze links of alert e-mail: /alerts/<id>/<action>?e=<expiry>&s=<signature>.
 * The signed link is the only credential (no sign-in); opening it shows the alert and asks, and only
 * the form acts, so a mail scanner that follows links changes nothing.
 */
import express, { type Request, type Response, Router } from 'express';
import { addDays, isCalendarDate } from '../../domain/dates.ts';
import { findAlert } from '../../persistence/alerts/alert.repository.ts';
import { ALERT_ACTIONS, type AlertAction, linkIsValid, SNOOZE_DAYS } from '../../services/alerts/action-links.ts';
import type { AlertDeps } from '../../services/alerts/alert-deps.ts';
import { acknowledgeAlert, snoozeAlert } from '../../services/alerts/manage.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { AlertActionPage } from '../../web/views/alert-action-page.tsx';
import { MessagePage } from '../../web/views/layout.tsx';
import { privatePage } from '../middleware/page-headers.ts';
import { sendPage } from './render.tsx';

/** Who acted, as recorded: the link does not say which recipient used it. */
const BY_LINK = 'e-mail link';

export function alertActionPages(deps: AlertDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });
  r.use('/alerts', privatePage);

  async function handle(req: Request, res: Response, post: boolean) {
    const id = String(req.params.id);
    const action = String(req.params.action) as AlertAction;
    const t = req.locale.t.alerts.action;
    const valid = ALERT_ACTIONS.includes(action) && linkIsValid(deps.secret, id, action, req.query.e, req.query.s);
    const alert = valid ? await findAlert(id) : null;
    if (!alert)
      return sendPage(
        res,
        404,
        <MessagePage
          locale={req.locale}
          title={t.title.acknowledge}
          heading={t.title[ALERT_ACTIONS.includes(action) ? action : 'acknowledge']}
          paragraphs={[t.invalid]}
          staff
        />,
      );
    const words = alertWords(req.locale, alert);
    const today = deps.today();
    const until = post && typeof req.body?.until === 'string' ? req.body.until.trim() : addDays(today, SNOOZE_DAYS);
    const show = (status: number, outcome: string | null, errors: Array<{ field: string; message: string }> = []) =>
      sendPage(
        res,
        status,
        <AlertActionPage
          locale={req.locale}
          action={action}
          headline={words.headline}
          detail={words.detail}
          postTo={req.originalUrl}
          until={until}
          errors={errors}
          outcome={outcome}
        />,
      );
    if (alert.state === 'resolved') return show(200, t.gone);
    if (!post) return show(200, null);
    if (action === 'acknowledge') {
      await acknowledgeAlert(id, BY_LINK);
      return show(200, t.done.acknowledge);
    }
    if (!isCalendarDate(until) || until <= today) return show(400, null, [{ field: 'until', message: t.badUntil }]);
    await snoozeAlert(id, until, BY_LINK, today);
    return show(200, t.done.snooze(req.locale.date(until)));
  }

  r.get('/alerts/:id/:action', (req, res) => handle(req, res, false));
  r.post('/alerts/:id/:action', form, (req, res) => handle(req, res, true));
  return r;
}
