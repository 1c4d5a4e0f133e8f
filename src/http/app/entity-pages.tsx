/**
 * The reports each entity must file (the UK pack and the Dutch half-year report, for one reporting
 * period of its financial year) and the admin page of the group's entities. The figures come from the
 * same services as the API's /reports/uk-pack and /reports/nl-half-year.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { addDays, isCalendarDate } from '../../domain/dates.ts';
import { completedPeriods, type Period } from '../../domain/entity.ts';
import type { Share } from '../../domain/payment-practices.ts';
import type { PackSection } from '../../domain/uk-pack.ts';
import { AppError } from '../../errors.ts';
import { entityJson, ukPackCsv } from '../../presentation/entities.ts';
import { EntitiesRejected, entityDirectory, importEntities } from '../../services/entities.ts';
import { nlHalfYearReport, ukSubmissionPack } from '../../services/entity-reports.ts';
import type { Locale } from '../../web/i18n/locale.ts';
import { practiceRows } from '../../web/view-models/practices-view.ts';
import { EntitiesPage } from '../../web/views/app/entities-page.tsx';
import { NlHalfYearPage, type PeriodChoice, UkPackPage } from '../../web/views/app/entity-report-pages.tsx';
import type { FieldError } from '../../web/views/layout.tsx';
import { noteAudit } from '../middleware/audit.ts';
import { signedIn } from '../middleware/session.ts';
import type { AppDeps } from './app-deps.ts';
import { askedEntity, chrome, formFile, sendAppPage, sendForbidden } from './app-kit.tsx';

const SECTIONS: PackSection[] = ['business', 'statistics', 'terms', 'policies'];

/** How a reporting period reads on a page: its first and last day. */
export const periodLabel = (l: Locale, p: Period) => l.t.app.reports.periodLink(l.date(p.from), l.date(addDays(p.to, -1)));

export function entityPages(deps: AppDeps): Router {
  const r = Router();
  const anyone = signedIn(sendForbidden);
  const admins = signedIn(sendForbidden, 'admin');

  /** The entity and period a report page asks for: by default the first entity of the regime, and its last completed period. */
  async function choiceOf(req: Request, action: string, uk: boolean): Promise<{ choice: PeriodChoice; errors: FieldError[] }> {
    const { dir, entity: asked } = await askedEntity(req, deps);
    const q = (k: string) => (typeof req.query[k] === 'string' ? String(req.query[k]).trim().slice(0, 20) : '');
    const entity = asked ?? dir.list.find((e) => (e.regime === 'UK') === uk) ?? dir.list[0];
    const periods = completedPeriods(entity, deps.today(), 6);
    const periodStart = q('periodStart') || (periods[0]?.from ?? '');
    const errors: FieldError[] = [];
    if (q('entity') && !asked)
      errors.push({ field: 'entity', message: `no entity ${q('entity')} (${dir.list.map((e) => e.code).join(', ')})` });
    else if (!isCalendarDate(periodStart)) errors.push({ field: 'periodStart', message: req.locale.t.app.reports.badDate });
    return {
      choice: {
        action,
        entities: dir.list.map((e) => ({ code: e.code, name: e.name })),
        entity: entity.code,
        periods: periods.map((p) => ({ start: p.from, label: periodLabel(req.locale, p) })),
        periodStart,
      },
      errors,
    };
  }

  /** A period that does not start one of the entity's reporting periods is the form's error, not a failure. */
  async function orPeriodError<T>(errors: FieldError[], make: () => Promise<T>): Promise<T | null> {
    if (errors.length) return null;
    try {
      return await make();
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      errors.push({ field: 'periodStart', message: e.message.replace(/^periodStart: /, '') });
      return null;
    }
  }

  r.get('/app/reports/uk-pack', anyone, async (req: Request, res: Response) => {
    const l = req.locale;
    const t = l.t.app.entityReports;
    const { choice, errors } = await choiceOf(req, '/app/reports/uk-pack', true);
    const pack = await orPeriodError(errors, () => ukSubmissionPack(deps.org, choice.entity, choice.periodStart));
    sendAppPage(
      res,
      errors.length ? 400 : 200,
      <UkPackPage
        locale={l}
        app={chrome(req, res, deps, 'reports')}
        errors={errors}
        choice={choice}
        pack={
          pack && {
            heading: t.ukHeading(pack.entity.name),
            caption: `${t.period2(l.date(pack.period.from), l.date(pack.period.to))}, ${t.financialYear(
              l.date(pack.financialYear.from),
              l.date(pack.financialYear.to),
            )}`,
            sections: SECTIONS.map((s) => ({
              id: s,
              heading: t.sections[s],
              rows: pack.items.filter((i) => i.section === s),
            })),
            unconverted: pack.unconvertedCurrencies.length ? t.unconverted(pack.unconvertedCurrencies.join(', ')) : null,
            csvHref: `/app/reports/uk-pack.csv?${new URLSearchParams({ entity: pack.entity.code, periodStart: pack.period.from })}`,
          }
        }
      />,
    );
  });

  r.get('/app/reports/uk-pack.csv', anyone, async (req, res) => {
    const { choice, errors } = await choiceOf(req, '', true);
    if (errors.length) throw new AppError(400, 'bad_request', `${errors[0].field}: ${errors[0].message}`);
    const pack = await ukSubmissionPack(deps.org, choice.entity, choice.periodStart);
    res
      .set('Cache-Control', 'no-store')
      .type('text/csv')
      .attachment(`uk-pack-${pack.entity.code}-${pack.period.from}.csv`)
      .send(ukPackCsv(pack));
  });

  r.get('/app/reports/nl-half-year', anyone, async (req, res) => {
    const l = req.locale;
    const t = l.t.app.entityReports;
    const { choice, errors } = await choiceOf(req, '/app/reports/nl-half-year', false);
    const report = await orPeriodError(errors, () => nlHalfYearReport(deps.org, choice.entity, choice.periodStart));
    const share = (x: number | null) => (x === null ? l.t.status.none : l.percent(x));
    const ofCount = (s: Share, n: number) => t.ofCount(share(s.count), l.number(n));
    sendAppPage(
      res,
      errors.length ? 400 : 200,
      <NlHalfYearPage
        locale={l}
        app={chrome(req, res, deps, 'reports')}
        errors={errors}
        choice={choice}
        report={
          report && {
            heading: t.nlHeading(report.entity.name),
            caption: t.period2(l.date(report.period.from), l.date(addDays(report.period.to, -1))),
            rows: [
              ...practiceRows(report.practices, l),
              { label: t.paidBeyond, value: ofCount(report.paidBeyondStatutoryTerm, report.paidBeyondStatutoryTerm.payments) },
              {
                label: t.smePaidBeyond,
                value: report.smePaidBeyond30 ? ofCount(report.smePaidBeyond30, report.smePaidBeyond30.payments) : t.notLarge,
              },
              { label: t.termsBeyond, value: ofCount(report.termsBeyondStatutory, report.termsBeyondStatutory.invoices) },
            ],
          }
        }
      />,
    );
  });

  /** The entities as stored now, with what the last upload did. */
  async function entitiesPage(
    req: Request,
    res: Response,
    status: number,
    extra: Partial<{ errors: FieldError[]; done: string; fileErrors: EntitiesRejected['errors'] }> = {},
  ) {
    const t = req.locale.t.app.entities;
    const dir = await entityDirectory(deps.org);
    sendAppPage(
      res,
      status,
      <EntitiesPage
        locale={req.locale}
        app={chrome(req, res, deps, 'admin')}
        errors={extra.errors ?? []}
        done={extra.done ?? null}
        fromFile={dir.fromFile}
        entities={dir.list.map((e) => [
          e.code,
          e.name,
          e.country,
          e.regime,
          e.isLarge ? t.yes : t.no,
          req.locale.number(e.paymentTermsDays),
          e.financialYearStart,
          e.baseCurrency,
          [e.iban, e.bic].filter(Boolean).join(' ') || req.locale.t.status.none,
        ])}
        fileErrors={(extra.fileErrors ?? []).map((e) => ({
          line: req.locale.number(e.line),
          column: e.column,
          value: e.value,
          reason: e.reason,
        }))}
      />,
    );
  }

  r.get('/app/admin/entities', admins, async (req, res) => entitiesPage(req, res, 200));

  r.post('/app/admin/entities', admins, async (req, res) => {
    const t = req.locale.t.app.entities;
    const got = await formFile(req, deps, 1024 * 1024, t.errFile);
    if (!('file' in got)) return entitiesPage(req, res, got.status, { errors: [{ field: 'file', message: got.message }] });
    const file = got.file;
    const before = (await entityDirectory(deps.org)).list.map(entityJson);
    let done: Awaited<ReturnType<typeof importEntities>>;
    try {
      done = await importEntities(file.body, deps.org, req.user?.email ?? 'unknown');
    } catch (e) {
      if (!(e instanceof EntitiesRejected)) throw e;
      return entitiesPage(req, res, 400, { errors: [{ field: 'file', message: t.rejected }], fileErrors: e.errors });
    }
    noteAudit(res, {
      action: 'entities imported',
      target: done.entities.map((e) => e.code).join(', '),
      before,
      after: done.entities.map(entityJson),
    });
    const list = (codes: string[]) => codes.join(', ') || t.none;
    return entitiesPage(req, res, 200, { done: t.imported(list(done.added), list(done.changed)) });
  });

  return r;
}
