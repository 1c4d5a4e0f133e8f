/** The public payment-practice page as text: the last completed half-year, then the trend. */
import { addDays, addMonths } from '../../domain/dates.ts';
import type { PaymentPracticeReport, Share } from '../../domain/payment-practices.ts';
import { type BarChartGeometry, barChart } from '../charts/bar-chart.ts';
import type { Locale } from '../i18n/locale.ts';

export interface PracticesView {
  heading: string;
  latestCaption: string;
  latest: Array<{ label: string; value: string; benchmark: string }>;
  hasPayments: boolean;
  chart: BarChartGeometry | null;
  trend: Array<{ period: string; payments: string; mean: string; median: string; within30: string; notWithinTerms: string }>;
}

export function practicesView(reports: PaymentPracticeReport[], l: Locale, orgName: string | null): PracticesView {
  const p = l.t.practices;
  const none = l.t.status.none;
  const period = (r: PaymentPracticeReport) => p.period(l.date(r.from), l.date(addDays(r.to, -1)));
  const days = (x: number | null) => (x === null ? none : l.t.status.days(l.number(x, 2)));
  const share = (s: Share) => (s.count === null ? none : l.percent(s.count));
  const latest = reports[0];
  const oldestFirst = [...reports].reverse();
  const withData = reports.some((r) => r.meanDaysToPay !== null);
  return {
    heading: p.heading(orgName),
    latestCaption: p.latestCaption(period(latest)),
    hasPayments: latest.paymentsMade > 0,
    latest: [
      { label: p.meanDays, value: days(latest.meanDaysToPay), benchmark: p.benchmark30 },
      { label: p.medianDays, value: days(latest.medianDaysToPay), benchmark: p.benchmark30 },
      { label: p.within30, value: share(latest.within30), benchmark: '' },
      { label: p.d31to60, value: share(latest.days31to60), benchmark: '' },
      { label: p.over60, value: share(latest.over60), benchmark: p.benchmark60 },
      { label: p.notWithinTerms, value: share(latest.notWithinTerms), benchmark: '' },
    ],
    chart: withData
      ? barChart(
          oldestFirst.map((r) => ({
            label: periodShortLabel(r),
            value: r.meanDaysToPay,
            text: r.meanDaysToPay === null ? '' : l.number(r.meanDaysToPay, 2),
          })),
          { reference: { value: 30, label: p.benchmark30 } },
        )
      : null,
    trend: reports.map((r) => ({
      period: period(r),
      payments: l.number(r.paymentsMade),
      mean: days(r.meanDaysToPay),
      median: days(r.medianDaysToPay),
      within30: share(r.within30),
      notWithinTerms: share(r.notWithinTerms),
    })),
  };
}

/** A period in a bar's few characters: 2025-H1 for a calendar half-year, else its first and last month. */
export function periodShortLabel(r: { from: string; to: string }): string {
  const half = r.from.slice(5) === '01-01' ? 'H1' : r.from.slice(5) === '07-01' ? 'H2' : null;
  if (half && r.to === addMonths(r.from, 6)) return `${r.from.slice(0, 4)}-${half}`;
  return `${r.from.slice(0, 7)}/${addDays(r.to, -1).slice(0, 7)}`;
}

/** A period's payment-practice figures as labelled rows (the reports page and an entity's half-year report). */
export function practiceRows(p: PaymentPracticeReport, l: Locale): Array<{ label: string; value: string }> {
  const t = l.t.practices;
  const share = (x: number | null) => (x === null ? l.t.status.none : l.percent(x));
  const days = (x: number | null) => (x === null ? l.t.status.none : l.t.status.days(l.number(x, 2)));
  return [
    { label: t.meanDays, value: days(p.meanDaysToPay) },
    { label: t.medianDays, value: days(p.medianDaysToPay) },
    { label: t.within30, value: share(p.within30.count) },
    { label: t.d31to60, value: share(p.days31to60.count) },
    { label: t.over60, value: share(p.over60.count) },
    { label: t.notWithinTerms, value: share(p.notWithinTerms.count) },
  ];
}
