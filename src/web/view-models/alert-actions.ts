/**
 * What ends an alert, as links: approving or scheduling the supplier's invoices (on its page, with
 * the invoices concerned shown), contacting the supplier, answering its question. Paths are the web
 * app's; an e-mail or the API puts PUBLIC_URL before them (a mailto: link stays as it is).
 */
import type { Topic } from '../../domain/alerts/conditions.ts';
import type { RuleId } from '../../domain/alerts/rules.ts';

export type AlertActionKind = 'approve' | 'schedule' | 'contact' | 'reply';

export interface AlertAction {
  kind: AlertActionKind;
  href: string;
}

const OVERDUE_REASONS: RuleId[] = ['smallSupplierOverdue', 'withheldRevenue', 'harmRising'];

export function alertActions(a: { topic: Topic; rules: RuleId[]; supplierId: string }, contactEmail: string | null): AlertAction[] {
  const page = `/app/suppliers/${encodeURIComponent(a.supplierId)}`;
  const contact: AlertAction = { kind: 'contact', href: contactEmail ? `mailto:${contactEmail}` : `${page}#master` };
  switch (a.topic) {
    case 'payment':
      return [
        ...(a.rules.includes('willBeLate') ? [{ kind: 'approve' as const, href: `${page}?invoices=todo#invoices` }] : []),
        ...(a.rules.some((r) => OVERDUE_REASONS.includes(r))
          ? [{ kind: 'schedule' as const, href: `${page}?invoices=overdue#invoices` }]
          : []),
      ];
    case 'dispute':
    case 'terms':
      return [contact];
    case 'question':
      return [{ kind: 'reply', href: `${page}#messages` }, ...(contactEmail ? [contact] : [])];
  }
}

/** An action's link as it leaves the web app (in an e-mail, a webhook, the API). */
export const absoluteHref = (publicUrl: string, href: string) => (href.startsWith('/') ? `${publicUrl}${href}` : href);
