/**
 * Payment runs as the web app shows them: every figure comes from the services (the proposal, the
 * stored run, the statement) and is only worded and formatted here.
 */
import { formatMinor } from '../../domain/money.ts';
import type { PaymentReason, PaymentRunProposal } from '../../domain/payment-run.ts';
import type { Transfer } from '../../domain/payment-runs/transfers.ts';
import type { BankStatementDoc } from '../../persistence/payment-runs/bank-statement.model.ts';
import type { PaymentRunDoc } from '../../persistence/payment-runs/payment-run.model.ts';
import { runTotal } from '../../presentation/payment-runs.ts';
import { type BarChartGeometry, barChart } from '../charts/bar-chart.ts';
import type { Locale } from '../i18n/locale.ts';

export interface Row {
  cells: string[];
}

export interface PaymentRowView {
  key: string;
  supplier: string;
  supplierHref: string;
  invoice: string;
  due: string;
  daysOverdue: string;
  amount: string;
  harm: string;
  reason: string;
  mustPay: boolean;
}

export interface TransferRowView {
  endToEndId: string;
  supplier: string;
  iban: string;
  amount: string;
  remittance: string;
  kind: string;
  bank: string;
  /** In a group: which entity's account it leaves from (none: the default entity's). */
  payer: string | null;
}

export interface RunFiguresView {
  summary: Array<{ label: string; value: string; sum?: boolean }>;
  beforeAfter: Array<{ label: string; before: string; after: string }>;
  rules: Array<{ label: string; harm: string; invoices: string; paid: string }>;
  chart: BarChartGeometry;
}

export const invoiceKey = (supplierId: string, invoiceNumber: string) => `${supplierId}|${invoiceNumber}`;

const supplierHref = (id: string) => `/app/suppliers/${encodeURIComponent(id)}`;

/** Why a payment is in the run, in the reader's words ("micro-leverancier, 50 dagen te laat, …"). */
export function reasonWords(l: Locale, w: PaymentReason): string {
  const t = l.t.runs.why;
  const parts = [t.supplier(w.sizeClass), w.daysOverdue > 0 ? t.overdue(w.daysOverdue) : t.onTime(l.shortDate(w.dueDate))];
  if (w.dependencyShare !== null && w.dependencyShare >= 0.01) parts.push(t.dependent(l.percent(w.dependencyShare)));
  if (w.harmLevel === 'high' || w.harmLevel === 'critical') parts.push(t.harm(l.t.app.levels[w.harmLevel].toLowerCase()));
  if (w.unlawfulTerms) parts.push(t.unlawful);
  if (w.clearsSupplier) parts.push(t.clears);
  return parts.join(', ');
}

const unpayableWords = (l: Locale, u: { name: string; iban: string | null }) => ({
  supplier: u.name,
  reason: u.iban ? l.t.runs.badIban(u.iban) : l.t.runs.noIban,
});

/** The figures of a proposal (a run saved keeps them as the API wrote them, so both go through here). */
export function runFigures(
  l: Locale,
  currency: string,
  f: {
    budget: number;
    paid: number;
    interest: number;
    invoices: number;
    suppliers: number;
    harmRemoved: number;
    before: PaymentRunProposal['before'];
    after: PaymentRunProposal['after'];
    rules: PaymentRunProposal['rules'];
  },
): RunFiguresView {
  const t = l.t.runs;
  const m = (v: number | undefined) => l.money(v ?? 0, currency);
  const n2 = (x: number) => l.number(x, 2);
  return {
    summary: [
      { label: t.rowBudget, value: m(f.budget) },
      { label: t.rowPaid, value: m(f.paid), sum: true },
      ...(f.interest ? [{ label: t.rowInterest, value: m(f.interest) }] : []),
      { label: t.rowInvoices, value: l.number(f.invoices) },
      { label: t.rowSuppliers, value: l.number(f.suppliers) },
      { label: t.rowHarm, value: n2(f.harmRemoved) },
    ],
    beforeAfter: [
      { label: t.rowOverdue, before: m(f.before.overdue[currency]), after: m(f.after.overdue[currency]) },
      { label: t.rowInterest30, before: m(f.before.interestNext30Days[currency]), after: m(f.after.interestNext30Days[currency]) },
      { label: t.rowCritical, before: l.number(f.before.suppliersByLevel.critical), after: l.number(f.after.suppliersByLevel.critical) },
      { label: t.rowHigh, before: l.number(f.before.suppliersByLevel.high), after: l.number(f.after.suppliersByLevel.high) },
      { label: t.rowDbt, before: n2(f.before.dbt), after: n2(f.after.dbt) },
      {
        label: t.rowPayerScore,
        before: f.before.payerScore === null ? '—' : l.number(f.before.payerScore),
        after: f.after.payerScore === null ? '—' : l.number(f.after.payerScore),
      },
    ],
    rules: [
      { label: t.rules.proposal, harm: n2(f.harmRemoved), invoices: l.number(f.invoices), paid: m(f.paid - f.interest) },
      ...f.rules.map((r) => ({
        label: t.rules[r.rule],
        harm: n2(r.harmRemoved),
        invoices: l.number(r.invoices),
        paid: m(r.paid[currency]),
      })),
    ],
    chart: barChart(
      [
        { label: t.rules.proposal, value: f.harmRemoved, text: n2(f.harmRemoved) },
        ...f.rules.map((r) => ({ label: t.rules[r.rule], value: r.harmRemoved, text: n2(r.harmRemoved) })),
      ],
      { height: 220, tickLabel: l.compact },
    ),
  };
}

function transferRows(
  l: Locale,
  transfers: Array<Transfer & { confirmed?: { bookingDate: string } }>,
  currency: string,
): TransferRowView[] {
  const t = l.t.runs;
  return transfers.map((x) => ({
    endToEndId: x.endToEndId,
    supplier: x.name,
    iban: x.iban ?? '—',
    amount: l.money(x.amount, currency),
    remittance: 'text' in x.remittance ? x.remittance.text : x.remittance.creditorReference,
    kind: x.kind === 'interest' ? t.kindInterest : '',
    bank: x.confirmed ? t.confirmedOn(l.shortDate(x.confirmed.bookingDate)) : t.notConfirmed,
    payer: x.entity ? t.paidBy(x.entity) : null,
  }));
}

export interface ProposalView {
  heading: string;
  figures: RunFiguresView;
  payments: PaymentRowView[];
  transfers: TransferRowView[];
  interest: Array<{ supplier: string; invoice: string; interest: string; compensation: string }>;
  unpayable: Array<{ supplier: string; reason: string }>;
  dropped: number;
}

export function proposalView(
  l: Locale,
  currency: string,
  budget: number,
  p: PaymentRunProposal,
  transfers: Transfer[],
  interest: PaymentRunDoc['interest'],
  unpayable: PaymentRunDoc['unpayable'],
): ProposalView {
  const names = new Map(p.payments.map((x) => [x.supplierId, x.name]));
  const interestTotal = interest.reduce((a, x) => a + x.interest + x.compensation, 0);
  const paid = transfers.reduce((a, x) => a + x.amount, 0);
  return {
    heading: l.t.runs.proposalHeading(currency, l.date(p.payDate)),
    figures: runFigures(l, currency, {
      budget,
      paid,
      interest: interestTotal,
      invoices: p.payments.length,
      suppliers: names.size,
      harmRemoved: p.harmRemoved,
      before: p.before,
      after: p.after,
      rules: p.rules,
    }),
    payments: p.payments.map((x) => ({
      key: invoiceKey(x.supplierId, x.invoiceNumber),
      supplier: x.name,
      supplierHref: supplierHref(x.supplierId),
      invoice: x.invoiceNumber,
      due: l.shortDate(x.dueDate),
      daysOverdue: l.number(x.daysOverdue),
      amount: l.money(x.amount, currency),
      harm: l.number(x.harmRemoved, 2),
      reason: reasonWords(l, x.why),
      mustPay: x.mustPay,
    })),
    transfers: transferRows(l, transfers, currency),
    interest: interest.map((x) => ({
      supplier: names.get(x.supplierId) ?? x.supplierId,
      invoice: x.invoiceNumber,
      interest: l.money(x.interest, currency),
      compensation: l.money(x.compensation, currency),
    })),
    unpayable: unpayable.map((u) => unpayableWords(l, u)),
    dropped: p.excluded.dropped,
  };
}

export interface RunView extends Omit<ProposalView, 'heading'> {
  id: string;
  heading: string;
  state: string;
  stateLabel: string;
  currency: string;
  approvals: string;
  history: Array<{ what: string; who: string; when: string }>;
}

/** A saved run: the same figures as its proposal (kept as the API wrote them), its transfers and its history. */
export function runView(l: Locale, r: PaymentRunDoc, zone: string): RunView {
  const t = l.t.runs;
  const f = r.figures;
  const c = r.currency;
  const interestTotal = r.interest.reduce((a, x) => a + x.interest + x.compensation, 0);
  const names = new Set(r.payments.map((p) => p.supplierId));
  const history = [
    { what: t.drafted, who: r.draftedBy.email, when: l.instant(r.draftedBy.at, zone) },
    ...r.approvals.map((a) => ({ what: t.approved, who: a.email, when: l.instant(a.at, zone) })),
    ...r.exports.map((e) => ({ what: t.exportedAs(e.format), who: e.email, when: l.instant(e.at, zone) })),
    ...(r.cancelled ? [{ what: t.cancelledEvent, who: r.cancelled.email, when: l.instant(r.cancelled.at, zone) }] : []),
  ];
  return {
    id: String(r._id),
    heading: t.runTitle(l.date(r.payDate)),
    state: r.state,
    stateLabel: t.states[r.state] ?? r.state,
    currency: c,
    approvals: t.approvals(r.approvals.length, r.approvalsNeeded),
    figures: runFigures(l, c, {
      budget: r.options.budget,
      paid: runTotal(r),
      interest: interestTotal,
      invoices: r.payments.length,
      suppliers: names.size,
      harmRemoved: f.harmRemoved,
      before: f.before,
      after: f.after,
      rules: f.rules,
    }),
    payments: r.payments.map((p) => ({
      key: invoiceKey(p.supplierId, p.invoiceNumber),
      supplier: p.name,
      supplierHref: supplierHref(p.supplierId),
      invoice: p.invoiceNumber,
      due: l.shortDate(p.dueDate),
      daysOverdue: l.number(p.daysOverdue),
      amount: l.money(p.amount, c),
      harm: l.number(p.harmRemoved, 2),
      reason: p.why ? reasonWords(l, p.why) : p.reason,
      mustPay: p.mustPay,
    })),
    transfers: transferRows(l, r.transfers, c),
    interest: r.interest.map((x) => ({
      supplier: r.payments.find((p) => p.supplierId === x.supplierId)?.name ?? x.supplierId,
      invoice: x.invoiceNumber,
      interest: l.money(x.interest, c),
      compensation: l.money(x.compensation, c),
    })),
    unpayable: r.unpayable.map((u) => unpayableWords(l, u)),
    dropped: r.options.dropped.length,
    history,
  };
}

export interface RunListRow {
  href: string;
  created: string;
  payDate: string;
  amount: string;
  transfers: string;
  state: string;
  stateLabel: string;
  people: string;
}

export function runListRows(l: Locale, runs: PaymentRunDoc[], zone: string): RunListRow[] {
  return runs.map((r) => ({
    href: `/app/payment-runs/${String(r._id)}`,
    created: l.instant(r.createdAt, zone),
    payDate: l.shortDate(r.payDate),
    amount: l.money(runTotal(r), r.currency),
    transfers: l.number(r.transfers.length),
    state: r.state,
    stateLabel: l.t.runs.states[r.state] ?? r.state,
    people: [r.draftedBy.email, ...r.approvals.map((a) => a.email)].join(' / '),
  }));
}

export interface StatementView {
  heading: string;
  counts: Array<{ label: string; value: string }>;
  matched: Array<{ at: string; booked: string; to: string; amount: string; how: string; invoices: string; runHref: string | null }>;
  unmatched: Array<{ at: string; booked: string; to: string; amount: string; remittance: string; why: string }>;
}

export function statementView(l: Locale, s: BankStatementDoc): StatementView {
  const t = l.t.runs.statements;
  const c = s.counts;
  const to = (x: { creditorName: string | null; creditorIban: string | null }) =>
    [x.creditorName, x.creditorIban].filter(Boolean).join(', ') || '—';
  return {
    heading: t.title(s.statementId),
    counts: [
      { label: t.rowEntries, value: l.number(c.entries) },
      { label: t.rowDebits, value: l.number(c.debits) },
      { label: t.rowMatched, value: l.number(c.matched) },
      { label: t.rowPartial, value: l.number(c.partial) },
      { label: t.rowUnmatched, value: l.number(c.unmatched) },
      { label: t.rowIgnored, value: l.number(c.ignored) },
      { label: t.rowPaid, value: l.number(c.invoicesPaid) },
    ],
    matched: s.lines
      .filter((x) => x.by !== 'none')
      .map((x) => ({
        at: x.at,
        booked: l.shortDate(x.bookingDate),
        to: to(x),
        amount: l.money(x.amount, x.currency),
        how: x.by === 'run' ? t.byRun : t.byInvoices,
        invoices: (x.paid ?? [])
          .map((p) => `${p.invoiceNumber}${p.full ? '' : ` (${t.inPart}: ${l.money(p.amount, x.currency)})`}`)
          .join(', '),
        runHref: x.runId ? `/app/payment-runs/${x.runId}` : null,
      })),
    unmatched: s.lines
      .filter((x) => x.by === 'none')
      .map((x) => ({
        at: x.at,
        booked: l.shortDate(x.bookingDate),
        to: to(x),
        amount: l.money(x.amount, x.currency),
        remittance: x.remittance,
        why: x.reason ?? '',
      })),
  };
}

/** A decimal amount as typed in a form, in the reader's way of writing it ("250.000,00" in Dutch), as minor units; null when it is not one. */
export function formAmount(raw: string, lang: 'nl' | 'en', currency: string, exponent: number): number | null {
  let s = raw.replace(/[\s\u00a0€$£]/g, '');
  if (s === '') return null;
  s = lang === 'nl' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  if (!/^\d{1,13}(\.\d+)?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  if (frac.length > exponent) return null;
  void currency;
  return Number(whole) * 10 ** exponent + Number(frac.padEnd(exponent, '0') || '0');
}

export const minorText = (m: number, c: string) => formatMinor(m, c);
