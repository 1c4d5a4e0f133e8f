/** An alert as the API, webhooks and the CLI give it: money as decimal strings, text in English. */
import type { AlertFacts } from '../../domain/alerts/conditions.ts';
import { totalsJson } from '../../domain/money.ts';
import type { AlertDoc } from '../../persistence/alerts/alert.model.ts';
import { localeOf } from '../../web/i18n/locale.ts';
import { alertWords } from '../../web/view-models/alert-text.ts';

function factsJson(f: AlertFacts): Record<string, unknown> {
  switch (f.rule) {
    case 'willBeLate':
      return { ...f, amount: totalsJson(f.amount) };
    case 'smallSupplierOverdue':
    case 'withheldRevenue':
      return { ...f, overdue: totalsJson(f.overdue) };
    default:
      return { ...f };
  }
}

export function alertJson(a: AlertDoc, publicUrl: string) {
  const words = alertWords(localeOf('en'), a);
  return {
    id: String(a._id),
    rule: a.rule,
    supplierId: a.supplierId,
    supplierName: a.supplierName,
    severity: a.severity,
    state: a.state,
    invoiceNumbers: a.invoiceNumbers,
    headline: words.headline,
    text: words.detail,
    facts: factsJson(a.facts),
    openedOn: a.openedOn,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    snoozedUntil: a.snoozedUntil ?? null,
    acknowledgedAt: a.acknowledgedAt ?? null,
    acknowledgedBy: a.acknowledgedBy ?? null,
    resolvedAt: a.resolvedAt ?? null,
    links: { supplier: supplierUrl(publicUrl, a.supplierId) },
  };
}

export const supplierUrl = (publicUrl: string, supplierId: string) => `${publicUrl}/app/suppliers/${encodeURIComponent(supplierId)}`;
