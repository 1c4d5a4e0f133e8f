/** Payment practices for a chosen period and ageing for a chosen date, with the same CSV as the CLI and the API. */
import { type Request, type Response, Router } from 'express';
import { emptyBuckets } from '../../domain/ageing.ts';
import { addDays, halfYearStart, isCalendarDate, previousHalfYear } from '../../domain/dates.ts';
import { completedPeriods } from '../../domain/entity.ts';
import { AppError } from '../../errors.ts';
import { ageingCsv, paymentPracticesCsv } from '../../presentation/reports.ts';
import type { EntityFilter } from '../../services/entities.ts';
import { ageingReport, paymentPracticesReport } from '../../services/reports.ts';
import { practiceRows } from '../../web/view-models/practices-view.ts';
import { ReportsPage } from '../../web/views/app/reports-page.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { askedEntity, chrome, sendAppPage, sendForbidden } from './app-kit.tsx';
import { periodLabel } from './entity-pages.tsx';

export function reportPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const dates = (req: Request) => {
    const today = deps.today();
    const q = (k: string) => (typeof req.query[k] === 'string' ? String(req.query[k]).trim() : '');
    return { from: q('from') || previousHalfYear(today), to: q('to') || halfYearStart(today), asOf: q('asOf') || today };
  };
  /** The entity filter of a group (an unknown code is the whole group); none for a single organisation. */
  const entityOf = async (req: Request) => {
    const { dir, entity: asked } = await askedEntity(req, deps);
    const filter: EntityFilter | undefined = asked && { code: asked.code, defaultCode: dir.defaultCode, entity: asked };
    return { dir, filter };
  };
  const withEntity = (href: string, f: EntityFilter | undefined) => (f ? `${href}&entity=${encodeURIComponent(f.code)}` : href);

  r.get('/app/reports', anyone, async (req: Request, res: Response) => {
    const l = req.locale;
    const t = l.t.app.reports;
    const v = dates(req);
    const { dir, filter } = await entityOf(req);
    const errors: FieldError[] = [];
    for (const k of ['from', 'to', 'asOf'] as const) if (!isCalendarDate(v[k])) errors.push({ field: k, message: t.badDate });
    if (!errors.length && v.from >= v.to) errors.push({ field: 'to', message: t.badPeriod });
    let practices = null;
    let ageing = null;
    let missing: string | null = null;
    if (!errors.some((e) => e.field !== 'asOf')) {
      const p = (await paymentPracticesReport(v.from, v.to, deps.org, filter?.code)).organisation;
      practices = {
        caption: l.t.practices.period(l.date(v.from), l.date(addDays(v.to, -1))),
        rows: practiceRows(p, l),
        csvHref: withEntity(`/app/reports/payment-practices.csv?from=${v.from}&to=${v.to}`, filter),
      };
    }
    if (!errors.some((e) => e.field === 'asOf')) {
      try {
        const a = await ageingReport(v.asOf, filter);
        const o = l.t.app.overview;
        ageing = {
          caption: o.ageingCaption(Object.keys(a.total).sort().join(', '), l.date(v.asOf)),
          // Credit notes on a line of their own: the buckets and they add up to the outstanding total.
          head: [
            '',
            o.buckets.notDue,
            o.buckets.d1_30,
            o.buckets.d31_60,
            o.buckets.d61_90,
            o.buckets.d91plus,
            o.creditNotes,
            l.t.status.outstanding,
          ],
          rows: [...new Set([...Object.keys(a.total), ...Object.keys(a.outstanding)])].sort().map((c) => {
            const b = a.total[c] ?? emptyBuckets();
            const cells = [b.notDue, b.d1_30, b.d31_60, b.d61_90, b.d91plus, a.creditNotes[c] ?? 0, a.outstanding[c] ?? 0];
            return [c, ...cells.map((x) => l.money(x, c))];
          }),
          csvHref: withEntity(`/app/reports/ageing.csv?asOf=${v.asOf}`, filter),
        };
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'not_computed')) throw e;
        missing = l.t.app.overview.notComputed(l.date(v.asOf));
      }
    }
    sendAppPage(
      res,
      errors.length ? 400 : 200,
      <ReportsPage
        locale={l}
        app={chrome(req, res, deps, 'reports')}
        errors={errors}
        values={v}
        practices={practices}
        ageing={ageing}
        missing={missing}
        entities={dir.fromFile ? { list: dir.list.map((e) => ({ code: e.code, name: e.name })), chosen: filter?.code ?? '' } : null}
        toFile={dir.list.map((e) => ({
          entity: `${e.code} — ${e.name}`,
          report: e.regime === 'UK' ? l.t.app.reports.ukPack : l.t.app.reports.nlHalfYear,
          periods: completedPeriods(e, deps.today(), 2).map((p) => ({
            label: periodLabel(l, p),
            href: `/app/reports/${e.regime === 'UK' ? 'uk-pack' : 'nl-half-year'}?${new URLSearchParams({ entity: e.code, periodStart: p.from })}`,
          })),
        }))}
      />,
    );
  });

  r.get('/app/reports/payment-practices.csv', anyone, async (req, res) => {
    const v = dates(req);
    const { filter } = await entityOf(req);
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv')
      .attachment(`payment-practices-${filter ? `${filter.code}-` : ''}${v.from}-${v.to}.csv`)
      .send(paymentPracticesCsv(await paymentPracticesReport(v.from, v.to, deps.org, filter?.code)));
  });

  r.get('/app/reports/ageing.csv', anyone, async (req, res) => {
    const v = dates(req);
    const { filter } = await entityOf(req);
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv')
      .attachment(`ageing-${filter ? `${filter.code}-` : ''}${v.asOf}.csv`)
      .send(ageingCsv(await ageingReport(v.asOf, filter)));
  });
  return r;
}
