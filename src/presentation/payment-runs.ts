/** Saved payment runs and bank statements as the JSON API writes them: money as decimal strings, people by e-mail. */
import { formatMinor } from '../domain/money.ts';
import type { Actor } from '../domain/payment-runs/run-state.ts';
import type { BankStatementDoc } from '../persistence/payment-runs/bank-statement.model.ts';
import type { PaymentRunDoc } from '../persistence/payment-runs/payment-run.model.ts';
import { figuresJson } from './payment-run.ts';

const who = (a: Actor) => ({ email: a.email, at: a.at.toISOString() });

export const runTotal = (r: Pick<PaymentRunDoc, 'transfers'>) => r.transfers.reduce((a, t) => a + t.amount, 0);

export function runSummaryJson(r: PaymentRunDoc) {
  return {
    id: String(r._id),
    state: r.state,
    currency: r.currency,
    asOf: r.asOf,
    payDate: r.payDate,
    amount: formatMinor(runTotal(r), r.currency),
    transferCount: r.transfers.length,
    draftedBy: who(r.draftedBy),
    approvals: r.approvals.map(who),
    approvalsNeeded: r.approvalsNeeded,
    exports: r.exports.map((e) => ({ ...who(e), format: e.format })),
    ...(r.cancelled ? { cancelled: who(r.cancelled) } : {}),
    createdAt: r.createdAt.toISOString(),
  };
}

export function runJson(r: PaymentRunDoc) {
  const c = r.currency;
  return {
    ...runSummaryJson(r),
    options: {
      budget: formatMinor(r.options.budget, c),
      approvedOnly: r.options.approvedOnly,
      supplierCap: r.options.supplierCap === null ? null : formatMinor(r.options.supplierCap, c),
      mustPay: r.options.mustPay,
      dropped: r.options.dropped,
      payInterest: r.options.payInterest,
      grouping: r.options.grouping,
    },
    contentHash: r.contentHash ?? null,
    figures: figuresJson(r.figures),
    payments: r.payments.map((p) => ({
      supplierId: p.supplierId,
      name: p.name,
      invoiceNumber: p.invoiceNumber,
      amount: formatMinor(p.amount, c),
      dueDate: p.dueDate,
      daysOverdue: p.daysOverdue,
      harmRemoved: p.harmRemoved,
      mustPay: p.mustPay,
      reason: p.reason,
    })),
    interest: r.interest.map((l) => ({
      supplierId: l.supplierId,
      invoiceNumber: l.invoiceNumber,
      interest: formatMinor(l.interest, c),
      compensation: formatMinor(l.compensation, c),
    })),
    transfers: r.transfers.map((t) => ({
      endToEndId: t.endToEndId,
      kind: t.kind,
      supplierId: t.supplierId,
      name: t.name,
      iban: t.iban,
      amount: formatMinor(t.amount, c),
      invoiceNumbers: t.invoiceNumbers,
      remittance: 'text' in t.remittance ? { text: t.remittance.text } : { creditorReference: t.remittance.creditorReference },
      ...(t.entity ? { entity: t.entity } : {}),
      confirmed: t.confirmed
        ? { bookingDate: t.confirmed.bookingDate, amount: formatMinor(t.confirmed.amount, c), statementId: t.confirmed.statementId }
        : null,
    })),
    unpayable: r.unpayable.map(({ supplierId, name, reason }) => ({ supplierId, name, reason })),
  };
}

export function statementJson(s: BankStatementDoc) {
  return {
    id: String(s._id),
    iban: s.iban,
    statementId: s.statementId,
    messageId: s.messageId,
    version: s.version,
    fileName: s.fileName,
    importedBy: s.importedBy,
    importedAt: s.importedAt.toISOString(),
    counts: s.counts,
    lines: s.lines.map((l) => ({
      at: l.at,
      bookingDate: l.bookingDate,
      amount: formatMinor(l.amount, l.currency),
      currency: l.currency,
      endToEndId: l.endToEndId,
      creditorName: l.creditorName,
      creditorIban: l.creditorIban,
      remittance: l.remittance,
      matchedBy: l.by,
      ...(l.runId ? { runId: l.runId } : {}),
      ...(l.paid ? { paid: l.paid.map((p) => ({ ...p, amount: formatMinor(p.amount, l.currency) })) } : {}),
      ...(l.reason ? { reason: l.reason } : {}),
    })),
  };
}
