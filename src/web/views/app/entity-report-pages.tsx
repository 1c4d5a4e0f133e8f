/**
 * The reports an entity must file, for one reporting period: the UK payment practices report, item by
 * item as the government's form asks it (printable, to copy field by field), and the half-year report
 * against the Dutch statutory terms.
 */
import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locale.ts';
import { type AppChrome, describedBy, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout.tsx';
import { FiguresTable, ScrollTable } from '../tables.tsx';

export interface PeriodChoice {
  action: string;
  entities: Array<{ code: string; name: string }>;
  entity: string;
  /** Completed periods of the entity, latest first: the start date and how it reads. */
  periods: Array<{ start: string; label: string }>;
  periodStart: string;
}

/** Which entity and which of its reporting periods: a form that works without JavaScript. */
function PeriodForm({ locale, choice, errors }: { locale: Locale; choice: PeriodChoice; errors: FieldError[] }) {
  const t = locale.t.app.entityReports;
  const known = choice.periods.some((p) => p.start === choice.periodStart);
  return (
    <form method="get" action={choice.action} class="inline noprint">
      <div class="field">
        <label for="entity">{t.entity}</label>
        <select id="entity" name="entity">
          {choice.entities.map((e) => (
            <option value={e.code} selected={e.code === choice.entity}>
              {`${e.code} — ${e.name}`}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="periodStart">{t.period}</label>
        <FieldMessage id="periodStart" errors={errors} />
        <select id="periodStart" name="periodStart" aria-describedby={describedBy('periodStart', errors)}>
          {!known && choice.periodStart && <option value={choice.periodStart}>{choice.periodStart}</option>}
          {choice.periods.map((p) => (
            <option value={p.start} selected={p.start === choice.periodStart}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t.show}</button>
    </form>
  );
}

/** What both report pages share: the way back, the heading, what the report is, and the period form. */
function ReportFrame(p: {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  choice: PeriodChoice;
  title: string;
  heading: string;
  intro: string;
  children: ComponentChildren;
}) {
  return (
    <Layout locale={p.locale} title={p.title} app={p.app} hasError={p.errors.length > 0}>
      <ErrorSummary locale={p.locale} errors={p.errors} />
      <p class="noprint">
        <a href="/app/reports">{p.locale.t.app.entityReports.back}</a>
      </p>
      <h1>{p.heading}</h1>
      <p class="lead">{p.intro}</p>
      <PeriodForm locale={p.locale} choice={p.choice} errors={p.errors} />
      {p.children}
    </Layout>
  );
}

export interface UkPackView {
  heading: string;
  caption: string;
  sections: Array<{ id: string; heading: string; rows: Array<{ question: string; answer: string | null; note: string | null }> }>;
  unconverted: string | null;
  csvHref: string;
}

export function UkPackPage(p: { locale: Locale; app: AppChrome; errors: FieldError[]; choice: PeriodChoice; pack: UkPackView | null }) {
  const t = p.locale.t.app.entityReports;
  return (
    <ReportFrame
      locale={p.locale}
      app={p.app}
      errors={p.errors}
      choice={p.choice}
      title={t.ukTitle}
      heading={p.pack?.heading ?? t.ukTitle}
      intro={t.ukIntro}
    >
      {p.pack && (
        <>
          <p>{p.pack.caption}</p>
          {p.pack.unconverted && <p class="warning">{p.pack.unconverted}</p>}
          {p.pack.sections.map((s) => (
            <section aria-labelledby={`pack-${s.id}`}>
              <h2 id={`pack-${s.id}`}>{s.heading}</h2>
              <ScrollTable
                id={`pack-${s.id}-caption`}
                caption={s.heading}
                columns={[{ label: t.colQuestion }, { label: t.colAnswer }, { label: t.colNote }]}
                rows={s.rows.map((r) => [
                  r.question,
                  r.answer === null ? <em>{t.noAnswer}</em> : <output>{r.answer}</output>,
                  r.note ?? '',
                ])}
              />
            </section>
          ))}
          <p>
            <a href={p.pack.csvHref} download>
              {t.csv}
            </a>
          </p>
          <p class="noprint">{t.print}</p>
        </>
      )}
    </ReportFrame>
  );
}

export interface NlHalfYearView {
  heading: string;
  caption: string;
  rows: Array<{ label: string; value: string }>;
}

export function NlHalfYearPage(p: {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  choice: PeriodChoice;
  report: NlHalfYearView | null;
}) {
  const t = p.locale.t.app.entityReports;
  return (
    <ReportFrame
      locale={p.locale}
      app={p.app}
      errors={p.errors}
      choice={p.choice}
      title={t.nlTitle}
      heading={p.report?.heading ?? t.nlTitle}
      intro={t.nlIntro}
    >
      {p.report && <FiguresTable caption={p.report.caption} rows={p.report.rows} />}
    </ReportFrame>
  );
}
