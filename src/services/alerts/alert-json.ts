/** An alert as the API, webhooks and the CLI give it: money as decimal strings, text in English. */
import type { AlertFacts } from '../../domain/alerts/conditions.ts';
import { totalsJson } from '../../domain/money.ts';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { localeOf } from '../../web/i18n/locale.ts';
import { absoluteHref, alertActions } from '../../web/view-models/alert-actions.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';

function factsJson(f: AlertFacts): Record<string, unknown> {
  switch (f.rule) {
    case 'willBeLate':
      return { ...f, amount: totalsJson(f.amount), invoices: f.invoices.map((d) => ({ ...d, amount: totalsJson(d.amount) })) };
    case 'smallSupplierOverdue':
    case 'withheldRevenue':
      return { ...f, overdue: totalsJson(f.overdue) };
    default:
      return { ...f };
  }
}

/** `contactEmail`: the supplier's, for the contact action (null: the link goes to its page). */
export function alertJson(a: AlertDoc, publicUrl: string, contactEmail: string | null = null) {
  const words = alertWords(localeOf('en'), a);
  return {
    id: String(a._id),
    topic: a.topic,
    rule: a.rule,
    rules: a.rules,
    supplierId: a.supplierId,
    supplierName: a.supplierName,
    severity: a.severity,
    state: a.state,
    invoiceNumbers: a.invoiceNumbers,
    headline: words.headline,
    text: words.detail,
    facts: a.facts.map(factsJson),
    harmScore: a.harmScore,
    openedOn: a.openedOn,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    snoozedUntil: a.snoozedUntil ?? null,
    acknowledgedAt: a.acknowledgedAt ?? null,
    acknowledgedBy: a.acknowledgedBy ?? null,
    resolvedAt: a.resolvedAt ?? null,
    links: {
      supplier: supplierUrl(publicUrl, a.supplierId),
      actions: alertActions(a, contactEmail).map((x) => ({ kind: x.kind, href: absoluteHref(publicUrl, x.href) })),
    },
  };
}

export const supplierUrl = (publicUrl: string, supplierId: string) => `${publicUrl}/app/suppliers/${encodeURIComponent(supplierId)}`;
