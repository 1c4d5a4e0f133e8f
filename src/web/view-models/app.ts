/** The web app's pages as text in the reader's language, built from the services' figures. */
import type { AgeingBuckets } from '../../domain/ageing.ts';
import { addDays } from '../../domain/dates.ts';
import type { HarmLevel } from '../../domain/harm.ts';
import type { Reason } from '../../domain/harm-reasons.ts';
import { type Currency, decimalToScaled, exponentOf, formatMinor, type Totals } from '../../domain/money.ts';
import { dbt } from '../../domain/payer-score.ts';
import type { PaymentPracticeReport } from '../../domain/payment-practices.ts';
import type { SupplierHealth } from '../../domain/supplier-health.ts';
import type { DayTotals } from '../../persistence/snapshots/snapshot.repository.ts';
import type { convertedJson } from '../../presentation/reports.ts';
import type { AgeingTotals } from '../../services/reports.ts';
import { type BarChartGeometry, barChart } from '../charts/bar-chart.ts';
import type { Locale } from '../i18n/locale.ts';

export const LEVELS: HarmLevel[] = ['critical', 'high', 'medium', 'low'];
const BUCKETS: Array<keyof AgeingBuckets> = ['notDue', 'd1_30', 'd31_60', 'd61_90', 'd91plus'];

/** These buckets of every currency, added up per currency. */
const sumBuckets = (byCurrency: Record<Currency, AgeingBuckets>, keys: Array<keyof AgeingBuckets>): Totals => {
  const out: Totals = {};
  for (const [c, b] of Object.entries(byCurrency)) out[c] = keys.reduce((sum, k) => sum + b[k], 0);
  return out;
};

/** Minor units as a number for chart heights (never shown: the tables carry the exact amounts). */
const forChart = (minor: number, c: Currency) => Number(formatMinor(minor, c));

export interface OverviewView {
  asOf: string;
  totalsCaption: string;
  /** `sum`: the line the ones above it add up to. */
  totals: Array<{ label: string; value: string; sum?: boolean }>;
  /** What the law adds for paying late: interest and fixed compensation owed. */
  statutoryCaption: string;
  statutory: Array<{ label: string; value: string }>;
  ageing: Array<{ currency: Currency; caption: string; chart: BarChartGeometry; rows: Array<{ bucket: string; amount: string }> }>;
  levels: Array<{ level: HarmLevel; label: string; count: string; href: string }>;
  trend: {
    caption: string;
    chart: BarChartGeometry | null;
    rows: Array<{ day: string; overdue: string; dbt: string; harmed: string }>;
  } | null;
  practices: { caption: string; rows: Array<{ label: string; value: string; benchmark: string }> } | null;
}

export function overviewView(
  l: Locale,
  r: AgeingTotals,
  /** Suppliers per harm level. */
  counts: Record<HarmLevel, number>,
  days: DayTotals[],
  baseCurrency: Currency,
  practices: PaymentPracticeReport | null,
  /** With exchange rates: the totals converted into the reporting currency. */
  converted: ReturnType<typeof convertedJson> | null = null,
  /** One entity's overview: its code, carried into the links to the ranking. */
  entity?: string,
): OverviewView {
  const o = l.t.app.overview;
  const s = l.t.status;
  const asOf = l.date(r.asOf);
  const p = l.t.practices;
  const share = (x: number | null) => (x === null ? s.none : l.percent(x));
  const days2 = (x: number | null) => (x === null ? s.none : s.days(l.number(x, 2)));
  // Nothing at all reads as zero in the base currency (a UK entity's nothing is £0.00, not €0.00).
  const totals = (t: Record<string, number>) => (Object.keys(t).length ? l.totals(t) : l.money(0, baseCurrency));
  return {
    asOf: o.asOf(asOf),
    totalsCaption: o.totalsCaption(asOf),
    // Not due + overdue + credit notes (negative) = outstanding, per currency: checkable by eye.
    totals: [
      { label: o.notDue, value: totals(sumBuckets(r.total, ['notDue'])) },
      { label: s.overdue, value: totals(r.overdue) },
      { label: o.creditNotes, value: totals(r.creditNotes) },
      { label: s.outstanding, value: totals(r.outstanding), sum: true },
      ...(converted
        ? [
            {
              label: o.converted(converted.currency, converted.rates ?? ''),
              value: `${l.money(Number(decimalToScaled(converted.outstanding, exponentOf(converted.currency))), converted.currency)} / ${l.money(Number(decimalToScaled(converted.overdue, exponentOf(converted.currency))), converted.currency)}`,
            },
          ]
        : []),
    ],
    statutoryCaption: o.statutoryCaption(asOf),
    statutory: [
      { label: l.t.status.colInterest.replace(/ \(.*\)$/, ''), value: totals(r.interestOwed) },
      { label: s.colCompensation, value: totals(r.compensationOwed) },
    ],
    ageing: Object.keys(r.total)
      .sort()
      .map((c) => {
        const b = r.total[c];
        return {
          currency: c,
          caption: o.ageingCaption(c, asOf),
          chart: barChart(
            BUCKETS.map((k) => ({ label: o.bucketsShort[k], value: forChart(b[k], c), text: '' })),
            { height: 200, tickLabel: l.compact },
          ),
          rows: BUCKETS.map((k) => ({ bucket: o.buckets[k], amount: l.money(b[k], c) })),
        };
      }),
    levels: LEVELS.map((level) => ({
      level,
      label: l.t.app.levels[level],
      count: l.number(counts[level]),
      href: `/app/suppliers?level=${level}${entity ? `&entity=${encodeURIComponent(entity)}` : ''}`,
    })),
    trend: days.length
      ? {
          caption: o.trendCaption(baseCurrency),
          chart:
            days.length > 1
              ? barChart(
                  days.map((d) => ({ label: d.asOf.slice(5), value: forChart(d.overdue[baseCurrency] ?? 0, baseCurrency), text: '' })),
                  { height: 200, tickLabel: l.compact },
                )
              : null,
          rows: days.map((d) => ({
            day: l.shortDate(d.asOf),
            overdue: l.money(d.overdue[baseCurrency] ?? 0, baseCurrency),
            dbt: l.number(dbt(d.ageing, baseCurrency).days, 2),
            harmed: l.number(d.harmed),
          })),
        }
      : null,
    practices: practices
      ? {
          caption: l.t.app.overview.practicesCaption(p.period(l.date(practices.from), l.date(addDays(practices.to, -1)))),
          rows: [
            { label: p.meanDays, value: days2(practices.meanDaysToPay), benchmark: p.benchmark30 },
            { label: p.medianDays, value: days2(practices.medianDaysToPay), benchmark: p.benchmark30 },
            { label: p.within30, value: share(practices.within30.count), benchmark: '' },
            { label: p.over60, value: share(practices.over60.count), benchmark: p.benchmark60 },
            { label: p.notWithinTerms, value: share(practices.notWithinTerms.count), benchmark: '' },
          ],
        }
      : null,
  };
}

export interface RankingRow {
  href: string;
  supplierId: string;
  name: string;
  level: string;
  levelKey: HarmLevel;
  score: string;
  reasons: string;
  maxDays: string;
  overdue: string;
  dependency: string;
}

export function rankingRows(rows: SupplierHealth[], l: Locale): RankingRow[] {
  return rows.map((h) => ({
    href: `/app/suppliers/${encodeURIComponent(h.supplierId)}`,
    supplierId: h.supplierId,
    name: h.name,
    level: l.t.app.levels[h.harmLevel],
    levelKey: h.harmLevel,
    score: l.number(h.harmScore),
    reasons: reasonsText(h, l).slice(0, 2).join('; '),
    maxDays: l.number(h.maxDaysOverdue),
    overdue: Object.keys(h.overdue).length ? l.totals(h.overdue) : l.t.status.none,
    dependency: h.dependencyShare === null ? l.t.status.none : l.percent(h.dependencyShare),
  }));
}

/** Why a supplier's harm score is what it is, in the reader's language (English sentences for old snapshots). */
export function reasonsText(h: SupplierHealth, l: Locale): string[] {
  if (!h.why) return h.reasons;
  const t = l.t.app.reasons;
  const say = (r: Reason): string => {
    switch (r.kind) {
      case 'overdue':
        return t.overdue(l.totals(r.overdue), r.days);
      case 'dbt':
        return t.dbt(l.number(r.days, 2));
      case 'withheld':
        return t.withheld(l.number(r.days, 2));
      case 'dependency':
        return t.dependency(l.percent(r.share));
      case 'sme':
        return t.sme(l.t.app.sizes[r.size]);
      case 'sizeUnknown':
        return t.sizeUnknown;
      case 'terms': {
        const g = r.terms;
        const named = l.t.alerts.more(g.invoiceNumbers.join(', '), g.invoiceCount - g.invoiceNumbers.length);
        if (g.agreed && g.invoiceCount > 0) return t.breachAgreedAndInvoices(g.termDays, g.limitDays, g.invoiceCount, named);
        if (g.agreed) return t.breachAgreed(g.termDays, g.limitDays);
        if (g.invoiceCount === 1) return t.breachInvoice(g.invoiceNumbers[0], g.termDays, g.limitDays);
        return t.breachInvoices(g.invoiceCount, named, g.termDays, g.limitDays);
      }
      case 'breach':
        return r.breach.invoiceNumber
          ? t.breachInvoice(r.breach.invoiceNumber, r.breach.termDays, r.breach.limitDays)
          : t.breachAgreed(r.breach.termDays, r.breach.limitDays);
      case 'nothingOverdue':
        return t.nothingOverdue;
    }
  };
  return h.why.map(say);
}
