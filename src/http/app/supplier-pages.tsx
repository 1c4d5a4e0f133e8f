/** The overview, the harm ranking and a supplier's page: read by every role; links managed by finance and admin. */

import express, { type Request, type Response, Router } from 'express';
import { addDays, maxDate } from '../../domain/dates.ts';
import { entityView, type SupplierHealth } from '../../domain/supplier-health.ts';
import type { StatusInvoice } from '../../domain/supplier-status.ts';
import { AppError } from '../../errors.ts';
import { LIVE_STATES } from '../../persistence/alerts/alert.model.ts';
import { listAlerts } from '../../persistence/alerts/alert.repository.ts';
import { dataVersion } from '../../persistence/data-version/data-version.ts';
import { type RankingFilter, snapshotOf, supplierTrend } from '../../persistence/snapshots/snapshot.repository.ts';
import { findSupplier, hasSuppliers, setRemittanceOptOut } from '../../persistence/suppliers/supplier.repository.ts';
import { convertedJson, rankingCsv } from '../../presentation/reports.ts';
import { reportingTable } from '../../services/fx.ts';
import { entityFigures, groupFigures, pastTrend } from '../../services/group-figures.ts';
import { rankingSlice } from '../../services/ranking-lists.ts';
import { createStatusLink, linkState, listStatusLinks, revokeLink } from '../../services/status-links.ts';
import { handleSupplierMessage, supplierMessages } from '../../services/supplier-messages.ts';
import { statusOfSupplier } from '../../services/supplier-status.ts';
import { barChart } from '../../web/charts/bar-chart.ts';
import { alertActions } from '../../web/view-models/alert-actions.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';
import { type OverviewView, overviewView, rankingRows, reasonsText } from '../../web/view-models/app.ts';
import { statusView } from '../../web/view-models/status-view.ts';
import { OverviewPage } from '../../web/views/app/overview-page.tsx';
import { RankingPage } from '../../web/views/app/ranking-page.tsx';
import { SupplierPage } from '../../web/views/app/supplier-page.tsx';
import { signedIn } from '../middleware/session.ts';
import { sendNotFound } from '../pages/render.tsx';
import type { AppDeps } from './app-deps.ts';
import { askedEntity, chrome, sendAppPage, sendForbidden } from './app-kit.tsx';

const PAGE_SIZE = 50;

const INVOICE_FILTERS = ['all', 'open', 'todo', 'overdue', 'disputed', 'paid'] as const;
type InvoiceFilter = (typeof INVOICE_FILTERS)[number];
/** Open invoices someone can still approve or schedule (what a payment alert asks for). */
const canStep = (i: StatusInvoice) => i.outstanding !== 0 && i.amount > 0 && (i.state === 'received' || i.state === 'approved');
const INVOICE_FILTER: Record<InvoiceFilter, (i: StatusInvoice) => boolean> = {
  all: () => true,
  open: (i) => i.outstanding !== 0,
  todo: canStep,
  overdue: (i) => i.daysOverdue > 0,
  disputed: (i) => i.state === 'disputed',
  paid: (i) => i.state === 'paid',
};

function notComputed(e: unknown): boolean {
  return e instanceof AppError && e.code === 'not_computed';
}

export function supplierPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const managers = signedIn(sendForbidden, 'admin', 'finance');
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 });
  const csrfOk = (req: Request) => deps.csrf.valid(req);

  // The overview reads every supplier of the day: kept per day, language and data version.
  let keptOverview: { key: string; view: OverviewView | null } | null = null;
  r.get('/app', anyone, async (req, res) => {
    const asOf = deps.today();
    // A group's overview may be one entity's: its suppliers, with its part of their money.
    const { dir, entity: named } = await askedEntity(req, deps);
    const asked = dir.fromFile ? named : undefined;
    const key = `${asOf}|${req.locale.lang}|${asked?.code ?? ''}|${await dataVersion()}`;
    let view = keptOverview?.key === key ? keptOverview.view : undefined;
    if (view === undefined) {
      try {
        // The group's figures are kept per data version; one entity's part is summed here.
        const [figures, past] = await Promise.all([
          asked ? entityFigures(asOf, asked, dir.defaultCode, deps.org) : groupFigures(asOf, deps.org),
          // One entity: no trend (the days' totals are the group's).
          asked ? [] : pastTrend(asOf),
        ]);
        const table = await reportingTable(asOf, deps.org.reportingCurrency);
        view = overviewView(
          req.locale,
          figures.ageing,
          figures.levels,
          asked ? [] : [...past, figures.day],
          asked?.baseCurrency ?? deps.org.baseCurrency,
          figures.practices,
          table ? convertedJson(figures.ageing, table) : null,
          asked?.code,
        );
      } catch (e) {
        if (!notComputed(e)) throw e;
        view = null;
      }
      keptOverview = { key, view };
    }
    const o = req.locale.t.app.overview;
    const missing = view ? null : o.notComputed(req.locale.date(asOf));
    const canRecompute = req.user?.role === 'admin' || req.user?.role === 'finance';
    const removed = /^(\d+),(\d+)$/.exec(String(req.query.removed ?? ''));
    const notice =
      req.query.recompute === 'started'
        ? o.recomputeStarted
        : req.query.sample === 'loaded'
          ? o.sampleLoaded
          : removed
            ? o.sampleRemoved(Number(removed[1]), Number(removed[2]))
            : null;
    const empty = !view && !(await hasSuppliers()) ? { canImport: canRecompute, canLoadSample: req.user?.role === 'admin' } : null;
    sendAppPage(
      res,
      200,
      <OverviewPage
        locale={req.locale}
        app={chrome(req, res, deps, 'overview')}
        view={view}
        missing={missing}
        canRecompute={canRecompute}
        notice={notice}
        empty={empty}
        entities={dir.fromFile ? { list: dir.list.map((e) => ({ code: e.code, name: e.name })), chosen: asked?.code ?? '' } : null}
      />,
    );
  });

  r.post('/app/recompute', managers, form, async (req, res) => {
    if (!csrfOk(req)) return sendForbidden(req, res);
    await deps.startRecompute(deps.today());
    res.redirect(303, '/app?recompute=started');
  });

  /** The ranking's filter; an entity's code only when the group has it (else the whole group). */
  const filterOf = async (req: Request) => {
    const { dir, entity: named } = await askedEntity(req, deps);
    const entity = named?.code ?? '';
    const levels = ([] as unknown[])
      .concat(req.query.level ?? [])
      .filter((x): x is string => typeof x === 'string' && ['critical', 'high', 'medium', 'low'].includes(x));
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
    const size = str(req.query.size, 10);
    return {
      levels,
      sizeClass: ['micro', 'small', 'medium', 'large', 'unknown'].includes(size) ? size : '',
      country: str(req.query.country, 2).toUpperCase(),
      breach: req.query.breach === '1',
      q: str(req.query.q, 100),
      entity,
      entityIsDefault: entity !== '' && entity === dir.defaultCode,
      entities: dir.list.length > 1 ? dir.list.map((e) => ({ code: e.code, name: e.name })) : [],
      defaultCode: dir.defaultCode,
    };
  };
  /** A ranking's rows as the filtered entity sees them (its part of each supplier's money). */
  const asSeenBy = (f: Awaited<ReturnType<typeof filterOf>>, rows: SupplierHealth[]) =>
    f.entity ? rows.flatMap((h) => entityView(h, f.entity, f.defaultCode) ?? []) : rows;
  const queryOf = (f: Awaited<ReturnType<typeof filterOf>>, page?: number) => {
    const p = new URLSearchParams();
    if (f.entity) p.set('entity', f.entity);
    for (const l of f.levels) p.append('level', l);
    if (f.sizeClass) p.set('size', f.sizeClass);
    if (f.country) p.set('country', f.country);
    if (f.breach) p.set('breach', '1');
    if (f.q) p.set('q', f.q);
    if (page && page > 1) p.set('page', String(page));
    const s = p.toString();
    return s ? `?${s}` : '';
  };

  r.get('/app/suppliers', anyone, async (req, res) => {
    const f = await filterOf(req);
    const asOf = deps.today();
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    // The API's ranking order, pinned per data version: the page reads its slice, as the API does.
    const slice = await rankingSlice(asOf, rankingFilterOf(f), (page - 1) * PAGE_SIZE, PAGE_SIZE);
    const total = slice.total;
    const rows = asSeenBy(f, slice.rows);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const t = req.locale.t.app.ranking;
    const first = (page - 1) * PAGE_SIZE + 1;
    sendAppPage(
      res,
      200,
      <RankingPage
        locale={req.locale}
        app={chrome(req, res, deps, 'suppliers')}
        filter={f}
        rows={rankingRows(rows, req.locale)}
        caption={t.caption(
          `${req.locale.number(first)}–${req.locale.number(first + rows.length - 1)}`,
          req.locale.number(total),
          req.locale.date(asOf),
        )}
        csvHref={`/app/suppliers.csv${queryOf(f)}`}
        pager={{
          page,
          pages,
          prev: page > 1 ? `/app/suppliers${queryOf(f, page - 1)}` : null,
          next: page < pages ? `/app/suppliers${queryOf(f, page + 1)}` : null,
        }}
        missing={total === 0 && queryOf(f) === '' ? req.locale.t.app.overview.notComputed(req.locale.date(asOf)) : null}
      />,
    );
  });

  r.get('/app/suppliers.csv', anyone, async (req, res) => {
    const asOf = deps.today();
    const f = await filterOf(req);
    const { rows } = await rankingSlice(asOf, rankingFilterOf(f), 0, 1_000_000);
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv')
      .attachment(`suppliers-${asOf}.csv`)
      .send(rankingCsv(asSeenBy(f, rows)));
  });

  const rankingFilterOf = (f: Awaited<ReturnType<typeof filterOf>>): RankingFilter => ({
    levels: f.levels,
    sizeClass: f.sizeClass,
    country: f.country,
    breach: f.breach,
    q: f.q,
    entity: f.entity || undefined,
    entityIsDefault: f.entity ? f.entityIsDefault : undefined,
  });

  async function supplierPage(req: Request, res: Response, newLink: string | null) {
    const id = String(req.params.id);
    const supplier = await findSupplier(id);
    if (!supplier) return sendNotFound(req, res);
    const l = req.locale;
    const t = l.t.app.supplier;
    const asOf = deps.today();
    const [health, trend, status, links, messages, alerts] = await Promise.all([
      snapshotOf(id, asOf),
      supplierTrend(id, addDays(asOf, -90), asOf),
      statusOfSupplier(id, asOf, deps.org),
      listStatusLinks(id),
      supplierMessages({ supplierId: id }),
      listAlerts({ supplierId: id, states: LIVE_STATES }),
    ]);
    const which = INVOICE_FILTERS.includes(String(req.query.invoices) as InvoiceFilter)
      ? (String(req.query.invoices) as InvoiceFilter)
      : 'all';
    const shown = { ...status, invoices: status.invoices.filter(INVOICE_FILTER[which]) };
    const view = statusView(shown, l, { orgName: null, showLegalLimit: true, form: { values: {}, errors: [], sent: false } });
    const dash = l.t.status.none;
    const at = (d?: Date | null) => (d ? l.instant(d, deps.org.timezone) : dash);
    const manage = req.user?.role === 'admin' || req.user?.role === 'finance';
    const done = /^(approved|scheduled:(\d{4}-\d{2}-\d{2})):(.+)$/.exec(String(req.query.done ?? ''));
    const notice = done ? (done[2] ? t.stepDone.scheduled(done[3], l.date(done[2])) : t.stepDone.approved(done[3])) : null;
    const steps = manage
      ? new Map(
          shown.invoices.filter(canStep).map((i) => [i.invoiceNumber, { approve: i.state === 'received', date: maxDate(asOf, i.dueDate) }]),
        )
      : null;
    sendAppPage(
      res,
      200,
      <SupplierPage
        locale={l}
        app={chrome(req, res, deps, 'suppliers')}
        notice={notice}
        invoiceSteps={steps}
        invoiceFilter={which}
        today={asOf}
        alerts={alerts.map((a) => {
          const w = alertWords(l, a);
          return {
            id: String(a._id),
            rule: w.rule,
            details: w.details,
            severity: l.t.alerts.severity[a.severity],
            critical: a.severity === 'critical',
            state: l.t.alerts.states[a.state],
            // On this page already: the actions that go elsewhere on it, or to the supplier.
            actions: alertActions(a, supplier.contactEmail ?? null).map((x) => ({ href: x.href, text: l.t.alerts.actions[x.kind] })),
          };
        })}
        name={supplier.name}
        masterMissing={!!supplier.masterDataMissing}
        remittance={{
          optedOut: !!supplier.remittanceOptOut,
          canChange: manage,
          action: `/app/suppliers/${encodeURIComponent(id)}/remittance`,
        }}
        master={[
          { label: t.id, value: supplier.supplierId },
          { label: t.country, value: supplier.country ?? dash },
          { label: t.employees, value: supplier.employees == null ? dash : l.number(supplier.employees) },
          {
            label: t.revenue,
            value:
              supplier.annualRevenue == null || !supplier.revenueCurrency
                ? dash
                : l.money(supplier.annualRevenue, supplier.revenueCurrency),
          },
          { label: t.terms, value: t.termDays(status.terms.days, status.terms.agreed) },
          { label: t.email, value: supplier.contactEmail ?? dash },
          { label: t.owner, value: supplier.ownerEmail ?? dash },
          { label: t.iban, value: supplier.iban ?? (supplier.ibanInvalid ? t.ibanInvalid(supplier.ibanInvalid) : dash) },
          ...(supplier.bic ? [{ label: t.bic, value: supplier.bic }] : []),
          ...(supplier.vatNumber ? [{ label: t.vat, value: supplier.vatNumber }] : []),
          ...(supplier.registrationNumber ? [{ label: t.registration, value: supplier.registrationNumber }] : []),
          ...(supplier.peppolId ? [{ label: t.peppol, value: supplier.peppolId }] : []),
        ]}
        figures={
          health && {
            caption: t.figuresCaption(l.date(asOf)),
            rows: [
              { label: t.harm, value: `${l.t.app.levels[health.harmLevel]} (${health.harmScore})` },
              { label: l.t.status.outstanding, value: l.totals(health.outstanding) },
              { label: l.t.status.overdue, value: l.totals(health.overdue) },
              { label: l.t.app.ranking.colMaxDays, value: l.number(health.maxDaysOverdue) },
              { label: t.interestOwed, value: l.totals(health.interestOwed) },
              { label: t.compensationOwed, value: l.totals(health.compensationOwed) },
              { label: l.t.app.ranking.colDependency, value: health.dependencyShare === null ? dash : l.percent(health.dependencyShare) },
              { label: 'DBT', value: l.number(health.dbt) },
              { label: 'PAYDEX', value: health.payerScore === null ? dash : l.number(health.payerScore) },
            ],
            reasons: reasonsText(health, l),
          }
        }
        trend={{
          chart:
            trend.length > 1
              ? barChart(
                  trend.map((h) => ({ label: h.asOf.slice(5), value: h.harmScore, text: '' })),
                  { height: 180 },
                )
              : null,
          rows: trend.map((h) => ({
            day: l.shortDate(h.asOf),
            overdue: Object.keys(h.overdue).length ? l.totals(h.overdue) : dash,
            maxDays: l.number(h.maxDaysOverdue),
            harm: l.number(h.harmScore),
          })),
        }}
        entityParts={
          status.health.byEntity && status.entityNames
            ? {
                caption: t.perEntityCaption(l.date(asOf)),
                rows: Object.entries(status.health.byEntity).map(([code, part]) => ({
                  entity: status.entityNames?.[code] ?? code,
                  law: t.laws[part.regime],
                  outstanding: l.totals(part.outstanding) || dash,
                  overdue: l.totals(part.overdue) || dash,
                  interest: l.totals(part.interestOwed) || dash,
                  compensation: l.totals(part.compensationOwed) || dash,
                })),
              }
            : null
        }
        invoices={{
          // One table with the filters; a group's supplier has each entity's part above it.
          caption:
            view.invoiceGroups.length === 1
              ? view.invoiceGroups[0].caption
              : l.t.status.invoicesCaption(l.date(shown.history.from), l.date(shown.asOf)),
          rows: view.invoiceGroups.flatMap((g) => g.rows),
          filters: INVOICE_FILTERS.map((f) => ({
            href: `/app/suppliers/${encodeURIComponent(id)}${f === 'all' ? '' : `?invoices=${f}`}#invoices`,
            label: t.invoiceFilters[f],
            current: f === which,
          })),
        }}
        links={links.map((x) => ({
          id: String(x._id),
          created: at(x.createdAt),
          by: x.createdBy,
          expires: at(x.expiresAt),
          opened: at(x.lastOpenedAt),
          count: l.number(x.openCount),
          state: t.linkState[linkState(x)],
          active: linkState(x) === 'active',
        }))}
        canManageLinks={manage}
        newLink={newLink}
        messages={messages.map((m) => ({
          id: String(m._id),
          when: at(m.createdAt),
          kind: t.kinds[m.kind],
          invoice: [
            m.invoiceNumber,
            m.invoiceDate && l.date(m.invoiceDate),
            m.amount !== null && m.currency ? l.money(m.amount, m.currency) : null,
          ]
            .filter(Boolean)
            .join(', '),
          message: m.message,
          handled: m.handledAt ? t.handled(m.handledBy ?? '', at(m.handledAt)) : null,
        }))}
        selfPath={`/app/suppliers/${encodeURIComponent(id)}`}
      />,
    );
  }

  r.get('/app/suppliers/:id', anyone, (req, res) => supplierPage(req, res, null));

  r.post('/app/suppliers/:id/links', managers, form, async (req, res) => {
    if (!csrfOk(req)) return sendForbidden(req, res);
    const made = await createStatusLink(String(req.params.id), {
      days: deps.linkDays,
      by: req.user?.email ?? 'unknown',
      publicUrl: deps.publicUrl,
    });
    // The URL is shown on this answer only (it is not stored): no redirect.
    res.set('Referrer-Policy', 'no-referrer');
    await supplierPage(req, res, made.url);
  });

  r.post('/app/suppliers/:id/remittance', managers, form, async (req, res) => {
    if (!csrfOk(req)) return sendForbidden(req, res);
    const id = String(req.params.id);
    await setRemittanceOptOut(id, req.body?.optOut === 'true');
    res.redirect(303, `/app/suppliers/${encodeURIComponent(id)}#master`);
  });

  r.post('/app/suppliers/:id/links/:link/revoke', managers, form, async (req, res) => {
    if (!csrfOk(req)) return sendForbidden(req, res);
    // Only a link of the supplier in the path: the form cannot reach another supplier's links.
    const own = (await listStatusLinks(String(req.params.id))).some((l) => String(l._id) === String(req.params.link));
    if (!own) return sendNotFound(req, res);
    await revokeLink(String(req.params.link), req.user?.email ?? 'unknown');
    res.redirect(303, `/app/suppliers/${encodeURIComponent(String(req.params.id))}#links`);
  });

  r.post('/app/suppliers/:id/messages/:message/handled', anyone, form, async (req, res) => {
    if (!csrfOk(req)) return sendForbidden(req, res);
    await handleSupplierMessage(String(req.params.message), req.user?.email ?? 'unknown', String(req.params.id));
    res.redirect(303, `/app/suppliers/${encodeURIComponent(String(req.params.id))}#messages`);
  });

  return r;
}
