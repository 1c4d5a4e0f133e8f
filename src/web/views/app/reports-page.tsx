import type { Locale } from '../../i18n/locale.ts';
import { type EntityChoice, EntitySelect } from '../entity-select.tsx';
import { type AppChrome, ErrorSummary, type FieldError, FieldMessage, Layout } from '../layout.tsx';
import { FiguresTable } from '../tables.tsx';

export interface ReportsProps {
  locale: Locale;
  app: AppChrome;
  errors: FieldError[];
  values: { from: string; to: string; asOf: string };
  practices: { caption: string; rows: Array<{ label: string; value: string }>; csvHref: string } | null;
  ageing: { caption: string; head: string[]; rows: string[][]; csvHref: string } | null;
  missing: string | null;
  /** A group's entities for the filter (none for a single organisation); `chosen` is '' for the whole group. */
  entities: EntityChoice | null;
  /** Each entity's report to file and its last completed reporting periods. */
  toFile: Array<{ entity: string; report: string; periods: Array<{ label: string; href: string }> }>;
}

export function ReportsPage({ locale, app, errors, values, practices, ageing, missing, entities, toFile }: ReportsProps) {
  const t = locale.t.app.reports;
  const chosenEntity = entities?.chosen ? <input type="hidden" name="entity" value={entities.chosen} /> : null;
  return (
    <Layout locale={locale} title={t.title} app={app} hasError={errors.length > 0}>
      <ErrorSummary locale={locale} errors={errors} />
      <h1>{t.heading}</h1>
      {entities && (
        <form method="get" action="/app/reports" class="inline">
          <EntitySelect locale={locale} entities={entities} />
          <input type="hidden" name="from" value={values.from} />
          <input type="hidden" name="to" value={values.to} />
          <input type="hidden" name="asOf" value={values.asOf} />
          <button type="submit">{t.show}</button>
        </form>
      )}
      <section aria-labelledby="practices">
        <h2 id="practices">{t.practices}</h2>
        <form method="get" action="/app/reports" class="inline">
          <div class="field">
            <label for="from">{t.from}</label>
            <FieldMessage id="from" errors={errors} />
            <input id="from" name="from" type="text" class="short" value={values.from} />
          </div>
          <div class="field">
            <label for="to">{t.to}</label>
            <FieldMessage id="to" errors={errors} />
            <input id="to" name="to" type="text" class="short" value={values.to} />
          </div>
          <input type="hidden" name="asOf" value={values.asOf} />
          {chosenEntity}
          <button type="submit">{t.show}</button>
        </form>
        {practices && (
          <>
            <FiguresTable caption={practices.caption} rows={practices.rows} />
            <p>
              <a href={practices.csvHref} download>
                {t.csv}
              </a>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="ageing">
        <h2 id="ageing">{t.ageing}</h2>
        <form method="get" action="/app/reports" class="inline">
          <input type="hidden" name="from" value={values.from} />
          <input type="hidden" name="to" value={values.to} />
          <div class="field">
            <label for="asOf">{t.asOf}</label>
            <FieldMessage id="asOf" errors={errors} />
            <input id="asOf" name="asOf" type="text" class="short" value={values.asOf} />
          </div>
          {chosenEntity}
          <button type="submit">{t.show}</button>
        </form>
        {missing && <p class="warning">{missing}</p>}
        {ageing && (
          <>
            <section class="scroll" aria-labelledby="ageing-caption" tabindex={0}>
              <table class="figures">
                <caption id="ageing-caption">{ageing.caption}</caption>
                <thead>
                  <tr>
                    {ageing.head.map((h, i) => (
                      <th scope="col" class={i > 0 ? 'num' : undefined}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ageing.rows.map((r) => (
                    <tr>{r.map((c, i) => (i === 0 ? <th scope="row">{c}</th> : <td class="num">{c}</td>))}</tr>
                  ))}
                </tbody>
              </table>
            </section>
            <p>
              <a href={ageing.csvHref} download>
                {t.csv}
              </a>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="to-file">
        <h2 id="to-file">{t.toFile}</h2>
        <p>{t.toFileIntro}</p>
        <ul>
          {toFile.map((e) => (
            <li>
              {`${e.entity}: ${e.report}`}
              {e.periods.length === 0 ? (
                <span>{` — ${t.noPeriods}`}</span>
              ) : (
                <ul>
                  {e.periods.map((p) => (
                    <li>
                      <a href={p.href}>{p.label}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
