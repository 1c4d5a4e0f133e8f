import type { Locale } from '../../i18n/locale.ts';
import type { OverviewView } from '../../view-models/app.ts';
import { BarChart } from '../bar-chart.tsx';
import { type EntityChoice, EntitySelect } from '../entity-select.tsx';
import { ActionButton, type AppChrome, Layout } from '../layout.tsx';
import { BenchmarkTable, FiguresTable } from '../tables.tsx';

export interface OverviewProps {
  locale: Locale;
  app: AppChrome;
  view: OverviewView | null;
  missing: string | null;
  canRecompute: boolean;
  /** What was just done (a recompute started, sample data loaded or removed). */
  notice: string | null;
  /** No supplier at all yet: the ways to start, by what this user may do. */
  empty: { canImport: boolean; canLoadSample: boolean } | null;
  /** A group's entities for the filter (none for a single organisation); `chosen` is '' for the whole group. */
  entities?: EntityChoice | null;
}

export function OverviewPage({ locale, app, view: v, missing, canRecompute, notice, empty, entities }: OverviewProps) {
  const o = locale.t.app.overview;
  return (
    <Layout locale={locale} title={o.title} app={app}>
      {notice && (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      )}
      <h1>{o.heading}</h1>
      {entities && !empty && (
        <form method="get" action="/app" class="inline">
          <EntitySelect locale={locale} entities={entities} />
          <button type="submit">{locale.t.app.reports.show}</button>
        </form>
      )}
      {entities?.chosen && v && <p>{o.entityNote(entities.chosen)}</p>}
      {empty ? (
        <section aria-labelledby="empty">
          <h2 id="empty">{o.empty}</h2>
          <p>{o.emptyImport}</p>
          {empty.canImport && (
            <p>
              <a class="button" href="/app/imports">
                {o.emptyImportLink}
              </a>
            </p>
          )}
          {empty.canLoadSample && (
            <>
              <p>{o.emptySample}</p>
              <ActionButton action="/app/sample-data" csrfToken={app.csrfToken} label={o.loadSample} class="inline" />
            </>
          )}
        </section>
      ) : (
        <>
          {canRecompute && <ActionButton action="/app/recompute" csrfToken={app.csrfToken} label={o.recompute} class="inline" />}
          {missing && <p class="warning">{missing}</p>}
        </>
      )}
      {v && (
        <>
          <p class="meta">{v.asOf}</p>
          <section aria-labelledby="levels">
            <h2 id="levels">{o.levels}</h2>
            <ul class="levels">
              {v.levels.map((x) => (
                <li class={`level-${x.level}`}>
                  <a href={x.href}>
                    <span class="count">{x.count}</span> {x.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="totals">
            <h2 id="totals">{o.totals}</h2>
            <FiguresTable caption={v.totalsCaption} rows={v.totals} />
            <p class="meta">{o.totalsNote}</p>
            <FiguresTable caption={v.statutoryCaption} rows={v.statutory} />
          </section>
          <section aria-labelledby="ageing">
            <h2 id="ageing">{o.ageing}</h2>
            {v.ageing.map((a) => (
              <div class="pair">
                <BarChart id={`ageing-${a.currency}`} title={a.caption} desc={o.ageingChartDesc} g={a.chart} />
                <table class="figures">
                  <caption>{a.caption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{o.bucket}</th>
                      <th scope="col" class="num">
                        {o.amount}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.rows.map((r) => (
                      <tr>
                        <th scope="row">{r.bucket}</th>
                        <td class="num">{r.amount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </section>
          {v.trend && (
            <section aria-labelledby="trend">
              <h2 id="trend">{o.trend}</h2>
              {v.trend.chart && <BarChart id="trend-chart" title={v.trend.caption} desc={o.trendChartDesc('')} g={v.trend.chart} />}
              <details>
                <summary>{locale.t.status.figures}</summary>
                <table class="figures">
                  <caption>{v.trend.caption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{o.day}</th>
                      <th scope="col" class="num">
                        {o.overdue}
                      </th>
                      <th scope="col" class="num">
                        {o.dbt}
                      </th>
                      <th scope="col" class="num">
                        {o.harmed}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.trend.rows.map((r) => (
                      <tr>
                        <th scope="row">{r.day}</th>
                        <td class="num">{r.overdue}</td>
                        <td class="num">{r.dbt}</td>
                        <td class="num">{r.harmed}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
          )}
          {v.practices && (
            <section aria-labelledby="practices">
              <h2 id="practices">{o.practices}</h2>
              <BenchmarkTable locale={locale} caption={v.practices.caption} rows={v.practices.rows} />
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
