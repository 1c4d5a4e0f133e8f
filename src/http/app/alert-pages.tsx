/**
 * The alerts in the web app: one row per supplier with its alerts, worst first, paged and filtered;
 * each alert with the action that ends it, acknowledge and snooze (everyone signed in).
 */
import express, { type Request, type Response, Router } from 'express';
import { RULE_IDS, type RuleId } from '../../domain/alerts/rules.ts';
import { addDays } from '../../domain/dates.ts';
import { levelOf } from '../../domain/harm.ts';
import { AppError } from '../../errors.ts';
import { ALERT_STATES, type AlertState, LIVE_STATES } from '../../persistence/alerts/alert.model.ts';
import { type AlertFilter, alertsOfSuppliers, suppliersWithAlerts } from '../../persistence/alerts/alert.repository.ts';
import { suppliersByIds } from '../../persistence/suppliers/supplier.repository.ts';
import { SNOOZE_DAYS } from '../../services/alerts/action-links.ts';
import { acknowledgeAlert, snoozeAlert } from '../../services/alerts/manage.ts';
import { suppliersOfEntity } from '../../services/reports.ts';
import { alertActions } from '../../web/view-models/alert-actions.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { AlertsPage } from '../../web/views/app/alerts-page.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { askedEntity, chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const PAGE_SIZE = 20;

/** Folds case and accents, for the search by supplier. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function filterOf(req: Request) {
  const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  const state = str(req.query.state, 20);
  const rule = str(req.query.rule, 40);
  const severity = str(req.query.severity, 10);
  return {
    state: [...ALERT_STATES, 'all'].includes(state) ? state : 'live',
    rule: (RULE_IDS as readonly string[]).includes(rule) ? rule : '',
    severity: severity === 'critical' || severity === 'warning' ? severity : '',
    q: str(req.query.q, 100),
  };
}
/** With a group's entity: the alerts about the suppliers it deals with ('' for the whole group). */
type Filter = ReturnType<typeof filterOf> & { entity: string };

const queryOf = (f: Filter, page = 1) => {
  const p = new URLSearchParams();
  if (f.state !== 'live') p.set('state', f.state);
  if (f.severity) p.set('severity', f.severity);
  if (f.rule) p.set('rule', f.rule);
  if (f.q) p.set('q', f.q);
  if (f.entity) p.set('entity', f.entity);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/app/alerts${s ? `?${s}` : ''}`;
};

const alertFilter = (f: Filter, supplierIds?: string[]): AlertFilter => ({
  states: f.state === 'live' ? LIVE_STATES : f.state === 'all' ? undefined : [f.state as AlertState],
  rule: (f.rule || undefined) as RuleId | undefined,
  severity: (f.severity || undefined) as AlertFilter['severity'],
  ...(supplierIds ? { supplierIds } : {}),
});

export function alertPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 });

  async function page(req: Request, res: Response, status: number, notice: string | null, error: string | null) {
    const l = req.locale;
    const t = l.t.alerts;
    const { dir, entity: named } = await askedEntity(req, deps);
    const entity = dir.fromFile ? named : undefined;
    const f: Filter = { ...filterOf(req), entity: entity?.code ?? '' };
    // Before the day's figures exist no supplier is known to be the entity's: none is shown.
    const supplierIds = entity
      ? await suppliersOfEntity(deps.today(), { code: entity.code, defaultCode: dir.defaultCode }).catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'not_computed') return [];
          throw e;
        })
      : undefined;
    const q = fold(f.q);
    const all = await suppliersWithAlerts(alertFilter(f, supplierIds));
    const matching = q ? all.filter((s) => fold(`${s.supplierId} ${s.supplierName}`).includes(q)) : all;
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    const n = Math.min(pages, Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const shown = matching.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const ids = shown.map((s) => s.supplierId);
    const [alerts, suppliers] = await Promise.all([alertsOfSuppliers(ids, alertFilter(f, supplierIds)), suppliersByIds(ids)]);
    const contact = new Map(suppliers.map((s) => [s.supplierId, s.contactEmail ?? null]));
    // What a filter leaves out of the default view (every supplier with an alert not resolved).
    const narrowed = f.state === 'live' && (f.rule || f.severity || f.q);
    const hiddenCount = narrowed
      ? (await suppliersWithAlerts(alertFilter({ ...f, rule: '', severity: '' }, supplierIds))).length - matching.length
      : 0;
    const today = deps.today();
    sendAppPage(
      res,
      status,
      <AlertsPage
        locale={l}
        app={chrome(req, res, deps, 'alerts')}
        errors={error ? [{ field: 'state', message: error }] : []}
        notice={notice}
        filter={f}
        states={[['live', t.page.live], ...ALERT_STATES.map((s): [string, string] => [s, t.states[s]]), ['all', t.page.all]]}
        severities={[
          ['', t.page.all],
          ['critical', t.severity.critical],
          ['warning', t.severity.warning],
        ]}
        rules={[['', t.page.all], ...RULE_IDS.map((id): [string, string] => [id, t.rules[id]])]}
        entities={
          dir.fromFile
            ? [['', l.t.app.reports.wholeGroup], ...dir.list.map((e): [string, string] => [e.code, `${e.code} — ${e.name}`])]
            : null
        }
        caption={t.page.caption(l.number(matching.length), l.number(matching.reduce((sum, s) => sum + s.alerts, 0)))}
        hidden={
          hiddenCount > 0 ? { text: t.page.hidden(l.number(hiddenCount)), href: queryOf({ ...f, rule: '', severity: '', q: '' }) } : null
        }
        pager={{ page: n, pages, prev: n > 1 ? queryOf(f, n - 1) : null, next: n < pages ? queryOf(f, n + 1) : null }}
        snoozeUntil={addDays(today, SNOOZE_DAYS)}
        rows={shown.map((s) => ({
          supplierId: s.supplierId,
          name: s.supplierName,
          href: `/app/suppliers/${encodeURIComponent(s.supplierId)}`,
          level: t.page.harm(l.t.app.levels[levelOf(s.harmScore)]),
          levelKey: levelOf(s.harmScore),
          alerts: alerts
            .filter((a) => a.supplierId === s.supplierId)
            .map((a) => {
              const w = alertWords(l, a);
              return {
                id: String(a._id),
                opened: l.shortDate(a.openedOn),
                rule: w.rule,
                details: w.details,
                severity: t.severity[a.severity],
                critical: a.severity === 'critical',
                state:
                  a.state === 'snoozed' && a.snoozedUntil
                    ? `${t.states.snoozed} ${t.page.snoozedUntil(l.date(a.snoozedUntil))}`
                    : t.states[a.state],
                actions:
                  a.state === 'resolved'
                    ? []
                    : alertActions(a, contact.get(a.supplierId) ?? null).map((x) => ({ href: x.href, text: t.actions[x.kind] })),
                live: a.state !== 'resolved',
                acknowledged: a.state === 'acknowledged',
              };
            }),
        }))}
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
    (run: (req: Request, by: string) => Promise<{ done: string; supplierId: string }>) =>
    async (req: Request, res: Response): Promise<void> => {
      if (!deps.csrf.valid(req)) return sendForbidden(req, res);
      try {
        const { done, supplierId } = await run(req, req.user?.email ?? 'unknown');
        res.redirect(303, `/app/alerts?done=${encodeURIComponent(done)}#supplier-${encodeURIComponent(supplierId)}`);
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
      const a = await acknowledgeAlert(String(req.params.id), by);
      return { done: 'acknowledged', supplierId: a.supplierId };
    }),
  );
  r.post(
    '/app/alerts/:id/snooze',
    anyone,
    form,
    act(async (req, by) => {
      const a = await snoozeAlert(String(req.params.id), req.body?.until, by, deps.today());
      return { done: `snoozed:${a.snoozedUntil}`, supplierId: a.supplierId };
    }),
  );
  return r;
}
