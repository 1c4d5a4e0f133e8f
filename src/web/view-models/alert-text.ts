/** An alert in plain words, in the reader's language, from the figures it was opened with. */
import type { AlertFacts } from '../../domain/alerts/conditions.ts';
import type { RuleId } from '../../domain/alerts/rules.ts';
import type { Locale } from '../i18n/locale.ts';

export interface AlertWords {
  rule: string;
  headline: string;
  detail: string;
}

export function alertWords(l: Locale, a: { rule: RuleId; supplierName: string; facts: AlertFacts }): AlertWords {
  const t = l.t.alerts;
  const rule = t.rules[a.rule];
  return { rule, headline: t.headline(a.supplierName, rule), detail: detail(l, a.facts) };
}

function detail(l: Locale, f: AlertFacts): string {
  const t = l.t.alerts;
  const level = (x: keyof typeof l.t.app.levels) => l.t.app.levels[x].toLowerCase();
  switch (f.rule) {
    case 'willBeLate': {
      const args = [f.invoiceNumber, l.totals(f.amount), l.date(f.dueDate), t.when(f.daysLeft)] as const;
      return f.needs === 'approval' ? t.needsApproval(...args) : t.needsScheduling(...args);
    }
    case 'smallSupplierOverdue':
      return t.smallOverdue(
        l.totals(f.overdue),
        f.sizeClass && f.sizeClass in t.sizeNoun ? t.sizeNoun[f.sizeClass as keyof typeof t.sizeNoun] : null,
        f.dependent && f.dependencyShare !== null ? l.percent(f.dependencyShare) : null,
        f.maxDaysOverdue,
      );
    case 'withheldRevenue':
      return t.withheld(l.totals(f.overdue), l.number(f.withheldRevenueDays, 1));
    case 'harmRising':
      return f.from && f.from !== f.to ? t.harmRose(level(f.from), level(f.to), f.score) : t.harmNew(level(f.to), f.score);
    case 'unlawfulTerms':
      return f.invoiceNumber
        ? t.termsInvoice(f.invoiceNumber, f.termDays, f.limitDays, t.laws[f.law])
        : t.termsAgreed(f.termDays, f.limitDays, t.laws[f.law]);
    case 'disputeOpen':
      return t.dispute(f.invoiceNumber, f.days, l.date(f.since), f.reason);
    case 'supplierAsked':
      return f.kind === 'missing' ? t.missing(f.invoiceNumber, f.excerpt) : t.asked(f.invoiceNumber, f.excerpt);
  }
}
