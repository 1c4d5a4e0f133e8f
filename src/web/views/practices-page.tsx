import type { Locale } from '../i18n/locale.ts';
import type { PracticesView } from '../view-models/practices-view.ts';
import { BarChart } from './bar-chart.tsx';
import { Layout } from './layout.tsx';
import { BenchmarkTable } from './tables.tsx';

export function PracticesPage({ locale, view: v, sample }: { locale: Locale; view: PracticesView; sample: boolean }) {
  const p = locale.t.practices;
  return (
    <Layout locale={locale} title={p.title} sample={sample}>
      <h1>{v.heading}</h1>
      <p class="lead">{p.intro}</p>
      <BenchmarkTable locale={locale} caption={v.latestCaption} rows={v.latest} />
      {!v.hasPayments && <p>{p.noPayments}</p>}
      <h2>{p.trend}</h2>
      {v.chart && <BarChart id="trend-chart" title={p.chartTitle} desc={p.chartDesc} g={v.chart} />}
      <section class="scroll" aria-labelledby="trend-caption" tabindex={0}>
        <table class="figures">
          <caption id="trend-caption">{p.trendCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{p.colPeriod}</th>
              <th scope="col" class="num">
                {p.colPayments}
              </th>
              <th scope="col" class="num">
                {p.meanDays}
              </th>
              <th scope="col" class="num">
                {p.medianDays}
              </th>
              <th scope="col" class="num">
                {p.within30}
              </th>
              <th scope="col" class="num">
                {p.notWithinTerms}
              </th>
            </tr>
          </thead>
          <tbody>
            {v.trend.map((r) => (
              <tr>
                <th scope="row">{r.period}</th>
                <td class="num">{r.payments}</td>
                <td class="num">{r.mean}</td>
                <td class="num">{r.median}</td>
                <td class="num">{r.within30}</td>
                <td class="num">{r.notWithinTerms}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
