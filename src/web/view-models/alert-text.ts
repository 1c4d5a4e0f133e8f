/** An alert in plain words, in the reader's language, from the figures it was opened with. */
import type { AlertFacts } from '../../domain/alerts/conditions.ts';
import type { RuleId } from '../../domain/alerts/rules.ts';
import type { Locale } from '../i18n/locale.ts';

export interface AlertWords {
  /** The names of its reasons, the headline's first. */
  rule: string;
  headline: string;
  /** One sentence per reason. */
  details: string[];
  /** The sentences as one text (mail, webhooks, the API). */
  detail: string;
}

export function alertWords(l: Locale, a: { rules: RuleId[]; supplierName: string; facts: AlertFacts[] }): AlertWords {
  const t = l.t.alerts;
  const rule = a.rules.map((r) => t.rules[r]).join(', ');
  const details = a.facts.map((f) => detail(l, f));
  return { rule, headline: t.headline(a.supplierName, rule), details, detail: details.join(' ') };
}

function detail(l: Locale, f: AlertFacts): string {
  const t = l.t.alerts;
  const level = (x: keyof typeof l.t.app.levels) => l.t.app.levels[x].toLowerCase();
  const listed = (items: string[], count: number) => t.more(items.join(', '), count - items.length);
  switch (f.rule) {
    case 'willBeLate': {
      if (f.count === 1) {
        const [d] = f.invoices;
        const args = [d.invoiceNumber, l.totals(d.amount), l.date(d.dueDate), t.when(d.daysLeft)] as const;
        return d.needs === 'approval' ? t.needsApproval(...args) : t.needsScheduling(...args);
      }
      const items = f.invoices.map((d) => t.dueSoonItem(d.invoiceNumber, d.needs, l.shortDate(d.dueDate)));
      return t.dueSoon(f.count, l.totals(f.amount), l.date(f.dueDate), t.when(f.daysLeft), listed(items, f.count));
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
    case 'unlawfulTerms': {
      const law = t.laws[f.law];
      const list = listed(f.invoiceNumbers, f.invoiceCount);
      if (f.agreed && f.invoiceCount > 0) return t.termsAgreedAndInvoices(f.termDays, f.limitDays, law, f.invoiceCount, list);
      if (f.agreed) return t.termsAgreed(f.termDays, f.limitDays, law);
      if (f.invoiceCount === 1) return t.termsInvoice(f.invoiceNumbers[0], f.termDays, f.limitDays, law);
      return t.termsInvoices(f.invoiceCount, list, f.termDays, f.limitDays, law);
    }
    case 'disputeOpen': {
      if (f.count === 1) {
        const [d] = f.disputes;
        return t.dispute(d.invoiceNumber, d.days, l.date(d.since), d.reason);
      }
      return t.disputes(
        f.count,
        f.days,
        listed(
          f.disputes.map((d) => t.disputeItem(d.invoiceNumber, d.days, d.reason)),
          f.count,
        ),
      );
    }
    case 'supplierAsked':
      return f.kind === 'missing' ? t.missing(f.invoiceNumber, f.excerpt) : t.asked(f.invoiceNumber, f.excerpt);
  }
}
