/**
 * Everything the status page shows, as text in the reader's language: built here from the domain's
 * SupplierStatus, so the template only loops and places. Tested without HTML.
 */
import type { InterestPaid, StatusInvoice, SupplierStatus } from '../../domain/supplier-status.ts';
import { type BarChartGeometry, barChart } from '../charts/bar-chart.ts';
import type { Locale } from '../i18n/locale.ts';
import type { FieldError } from '../views/layout.tsx';

export const MESSAGE_MAX = 2000;
export const INVOICE_NUMBER_MAX = 64;

export interface AskForm {
  values: { kind?: string; invoiceNumber?: string; invoiceDate?: string; amount?: string; message?: string };
  errors: FieldError[];
  sent: boolean;
}

export interface InvoiceRowView {
  number: string;
  date: string;
  amount: string;
  due: string;
  status: string;
  /** A second line under the status: days overdue, days paid late. */
  statusNote: string | null;
  overdue: boolean;
  expected: string;
  expectedIsEstimate: boolean;
  interest: string;
  rate: string | null;
  compensation: string;
}

export interface StatusView {
  title: string;
  heading: string;
  asOf: string;
  summary: string[];
  totalsCaption: string;
  totals: Array<{ label: string; value: string }>;
  unlistedNote: string | null;
  /** Said when a reference rate the interest needed is not known yet. */
  ratesNote: string | null;
  /** The invoices in one table, or one per entity of a group (each with the law it falls under). */
  invoiceGroups: Array<{ caption: string; rule: string | null; rows: InvoiceRowView[] }>;
  expectedNote: string;
  history: {
    summary: string;
    chart: BarChartGeometry | null;
    chartTitle: string;
    chartDesc: string;
    months: Array<{ month: string; payments: string; median: string; mean: string }>;
  };
  terms: string;
  legalLimit: string | null;
  rule: string;
  form: AskForm;
}

/** Where an invoice stands, in a sentence: "Paid on 3 March 2025", "In dispute: …", "Credit note". */
export function statusText(
  inv: Pick<StatusInvoice, 'state' | 'amount' | 'paidDate' | 'scheduledDate' | 'disputeReason'> & { paidPerBank?: boolean },
  l: Locale,
): string {
  const s = l.t.status;
  if (inv.amount < 0 && inv.state !== 'paid' && inv.state !== 'cancelled') return s.creditNote;
  switch (inv.state) {
    case 'paid':
      return (inv.paidPerBank ? s.paidPerBank : s.paidOn)(l.date(inv.paidDate as string));
    case 'scheduled':
      return inv.scheduledDate ? s.scheduledOn(l.date(inv.scheduledDate)) : l.t.states.scheduled;
    case 'disputed':
      return inv.disputeReason ? s.disputedWhy(inv.disputeReason) : l.t.states.disputed;
    default:
      return l.t.states[inv.state];
  }
}

function row(inv: StatusInvoice, l: Locale): InvoiceRowView {
  const s = l.t.status;
  return {
    number: inv.invoiceNumber,
    date: l.shortDate(inv.issueDate),
    amount: l.money(inv.amount, inv.currency),
    due: l.shortDate(inv.dueDate),
    status: statusText(inv, l),
    statusNote: inv.daysOverdue > 0 ? s.daysOverdue(inv.daysOverdue) : inv.daysPaidLate > 0 ? s.paidLate(inv.daysPaidLate) : null,
    overdue: inv.daysOverdue > 0,
    expected: inv.expected ? l.shortDate(inv.expected.date) : s.none,
    expectedIsEstimate: inv.expected?.kind === 'estimate',
    interest: inv.interest === null ? s.none : l.money(inv.interest, inv.currency),
    // Rates in the order they applied (a period crossing 1 January or 1 July has two).
    rate: inv.ratesBp.length ? inv.ratesBp.map(l.rate).join(' → ') : null,
    compensation: inv.compensation ? l.money(inv.compensation.amount, inv.compensation.currency) : s.none,
  };
}

const ruleOf = (regime: SupplierStatus['regime'], l: Locale) =>
  regime === 'UK' ? l.t.status.ruleUK : regime === 'EU' ? l.t.status.ruleEU : l.t.status.ruleNL;

/** One table of invoices; for a group's supplier one per entity it deals with, each under its own law. */
function invoiceGroups(st: SupplierStatus, l: Locale, asOf: string): StatusView['invoiceGroups'] {
  const from = l.date(st.history.from);
  const names = st.entityNames;
  if (!names) return [{ caption: l.t.status.invoicesCaption(from, asOf), rule: null, rows: st.invoices.map((inv) => row(inv, l)) }];
  const groups = new Map<string, StatusInvoice[]>();
  for (const inv of st.invoices) {
    const code = inv.entity ?? '';
    const list = groups.get(code);
    if (list) list.push(inv);
    else groups.set(code, [inv]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (names[a] ?? a).localeCompare(names[b] ?? b))
    .map(([code, invoices]) => ({
      caption: l.t.status.entityInvoicesCaption(names[code] ?? code, from, asOf),
      rule: ruleOf(invoices[0].regime, l),
      rows: invoices.map((inv) => row(inv, l)),
    }));
}

export function statusView(
  st: SupplierStatus & { interestPaid?: InterestPaid[] },
  l: Locale,
  opts: { orgName: string | null; showLegalLimit: boolean; form: AskForm },
): StatusView {
  const s = l.t.status;
  const h = st.health;
  const asOf = l.date(st.asOf);
  const open = h.counts.open;
  const summary: string[] = [];
  if (open === 0) summary.push(s.nothingOpen);
  else {
    summary.push(s.summaryOpen(open, l.totals(h.outstanding)));
    summary.push(h.maxDaysOverdue > 0 ? s.summaryOverdue(l.totals(h.overdue), h.maxDaysOverdue) : s.summaryNothingOverdue);
  }
  if (h.counts.late > 0) summary.push(s.summaryOwed(l.totals(h.interestOwed), l.totals(h.compensationOwed)));
  const paid = st.interestPaid ?? [];
  for (const p of paid) summary.push(s.summaryInterestPaid(l.money(p.interest + p.compensation, p.currency), l.date(p.payDate)));
  const paidTotals: Record<string, number> = {};
  for (const p of paid) paidTotals[p.currency] = (paidTotals[p.currency] ?? 0) + p.interest + p.compensation;

  const overall = st.history.overall;
  const term = st.terms.days;
  const withData = st.history.months.some((m) => m.medianDaysToPay !== null);
  const legal = opts.showLegalLimit && st.legalLimit ? st.legalLimit : null;
  return {
    title: s.title(st.name),
    heading: opts.orgName ? s.headingWithOrg(st.name, opts.orgName) : s.heading(st.name),
    asOf: s.asOf(asOf),
    summary,
    totalsCaption: s.totalsCaption(asOf),
    totals: [
      { label: s.outstanding, value: l.totals(h.outstanding) },
      { label: s.overdue, value: l.totals(h.overdue) },
      { label: s.interestOwed, value: l.totals(h.interestOwed) },
      { label: s.compensationOwed, value: l.totals(h.compensationOwed) },
      ...(paid.length ? [{ label: s.interestPaid, value: l.totals(paidTotals) }] : []),
    ],
    unlistedNote: st.unlistedLate > 0 ? s.unlistedLate(st.unlistedLate, l.date(st.history.from)) : null,
    ratesNote: st.missingRates.length ? s.ratesMissing(st.missingRates.map(l.date).join(', ')) : null,
    invoiceGroups: invoiceGroups(st, l, asOf),
    expectedNote: s.expectedExplained(st.delay.days, st.delay.payments),
    history: {
      summary:
        overall.paymentsMade === 0 || overall.medianDaysToPay === null
          ? s.howWePayNone
          : s.howWePaySummary(
              s.days(l.number(overall.medianDaysToPay, 2)),
              overall.notWithinTerms.count === null ? s.none : l.percent(1 - overall.notWithinTerms.count),
            ),
      chart: withData
        ? barChart(
            st.history.months.map((m) => ({
              label: l.month(m.month, true).replace(/ \d{4}$/, ''),
              value: m.medianDaysToPay,
              text: m.medianDaysToPay === null ? '' : l.number(m.medianDaysToPay),
            })),
            { reference: { value: term, label: s.chartTerm(term) } },
          )
        : null,
      chartTitle: s.chartTitle,
      chartDesc: s.chartDesc(term),
      months: st.history.months.map((m) => ({
        month: l.month(m.month),
        payments: l.number(m.paymentsMade),
        median: m.medianDaysToPay === null ? s.none : l.number(m.medianDaysToPay, 2),
        mean: m.meanDaysToPay === null ? s.none : l.number(m.meanDaysToPay, 2),
      })),
    },
    terms: st.terms.agreed ? s.termsAgreed(term) : s.termsDefault(term),
    legalLimit: legal ? (legal.rule === 'EU_MAX_60_DAYS' ? s.legalLimitEU(legal.termDays) : s.legalLimitNL(legal.termDays)) : null,
    rule: st.entityNames ? s.rulePerEntity : ruleOf(st.regime, l),
    form: opts.form,
  };
}
