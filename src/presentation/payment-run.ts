/** A payment-run proposal for people (reasons in plain words), for programs (JSON) and for the bank (CSV). */
import { formatMinor, formatTotals, type Totals, totalsJson } from '../domain/money.ts';
import type { PaymentReason, PaymentRunProposal, ProposedPayment, RunFigures } from '../domain/payment-run.ts';
import { remittanceText } from '../domain/payment-runs/transfers.ts';
import { toCsv } from './csv.ts';

/** "micro supplier, 41 days overdue, 62% of its revenue comes from us, clears all it is owed late". */
export function reasonText(w: PaymentReason): string {
  const parts: string[] = [];
  parts.push(w.sizeClass ? `${w.sizeClass} supplier` : 'supplier of unknown size');
  if (w.daysOverdue > 0) parts.push(`${w.daysOverdue} ${w.daysOverdue === 1 ? 'day' : 'days'} overdue`);
  else parts.push(`due ${w.dueDate}: paying now keeps it on time`);
  if (w.dependencyShare !== null && w.dependencyShare >= 0.01)
    parts.push(`${Math.round(w.dependencyShare * 100)}% of its revenue comes from us`);
  if (w.harmLevel === 'high' || w.harmLevel === 'critical') parts.push(`harm ${w.harmLevel}`);
  if (w.unlawfulTerms) parts.push('its payment terms break the law');
  if (w.clearsSupplier) parts.push('with this run nothing is overdue to this supplier any more');
  return parts.join(', ');
}

const runFiguresJson = (f: RunFigures) => ({
  overdue: totalsJson(f.overdue),
  interestNext30Days: totalsJson(f.interestNext30Days),
  suppliersByLevel: f.suppliersByLevel,
  withheldRevenueDays: f.withheldRevenueDays,
  dbt: f.dbt,
  payerScore: f.payerScore,
});

const paidTotals = (payments: ProposedPayment[]): Totals => {
  const t: Totals = {};
  for (const p of payments) t[p.currency] = (t[p.currency] ?? 0) + p.amount;
  return t;
};

/** What a proposal says besides its payments (a saved run keeps these figures). */
export type ProposalFigures = Omit<PaymentRunProposal, 'payments' | 'asOf' | 'payDate'> & { paid: Totals };

export const proposalFigures = (p: PaymentRunProposal): ProposalFigures => {
  const { payments, asOf: _a, payDate: _d, ...rest } = p;
  return { ...rest, paid: paidTotals(payments) };
};

export function figuresJson(p: ProposalFigures) {
  return {
    harmRemoved: p.harmRemoved,
    paid: totalsJson(p.paid),
    currencies: p.currencies.map((c) => ({
      currency: c.currency,
      budget: formatMinor(c.budget, c.currency),
      spent: formatMinor(c.spent, c.currency),
      method: c.method,
      harmRemoved: c.harmRemoved,
    })),
    compensationAvoided: totalsJson(p.compensationAvoided),
    before: runFiguresJson(p.before),
    after: runFiguresJson(p.after),
    comparedWith: p.rules.map((r) => ({
      rule: r.rule,
      harmRemoved: r.harmRemoved,
      paid: totalsJson(r.paid),
      invoices: r.invoices,
      proposalRemovesMore: Math.round((p.harmRemoved - r.harmRemoved) * 100) / 100,
    })),
    excluded: p.excluded,
  };
}

export function proposalJson(p: PaymentRunProposal) {
  return {
    asOf: p.asOf,
    payDate: p.payDate,
    ...figuresJson(proposalFigures(p)),
    payments: p.payments.map((x, i) => ({
      order: i + 1,
      supplierId: x.supplierId,
      name: x.name,
      invoiceNumber: x.invoiceNumber,
      amount: formatMinor(x.amount, x.currency),
      currency: x.currency,
      dueDate: x.dueDate,
      daysOverdue: x.daysOverdue,
      harmRemoved: x.harmRemoved,
      mustPay: x.mustPay,
      reason: reasonText(x.why),
    })),
  };
}

/**
 * One line per supplier and currency, as a bank's payment tool imports it: supplier id, name, IBAN
 * (empty when the master data has none), amount, currency, the invoice numbers, and a reference of
 * at most 140 characters. Cells are formula-escaped like every CSV tijdig writes.
 */
export function bankCsv(p: PaymentRunProposal): string {
  const lines = new Map<string, { x: ProposedPayment; amount: number; invoices: string[] }>();
  for (const x of p.payments) {
    const k = `${x.supplierId}\u0000${x.currency}`;
    const line = lines.get(k);
    if (line) {
      line.amount += x.amount;
      line.invoices.push(x.invoiceNumber);
    } else lines.set(k, { x, amount: x.amount, invoices: [x.invoiceNumber] });
  }
  return toCsv(
    ['supplierId', 'name', 'iban', 'amount', 'currency', 'invoiceNumbers', 'reference'],
    [...lines.values()].map((l) => [
      l.x.supplierId,
      l.x.name,
      l.x.iban ?? '',
      formatMinor(l.amount, l.x.currency),
      l.x.currency,
      l.invoices.join(' '),
      remittanceText('Invoices', l.invoices),
    ]),
  );
}

export const moneyText = (t: Totals) => formatTotals(t) || '—';
