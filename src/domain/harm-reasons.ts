/**
 * Why a supplier's harm score is what it is, as facts (for pages that say it in their reader's
 * language) and as the English sentences the API and the CLI have always given.
 */
import type { Totals } from './money.ts';
import { formatTotals } from './money.ts';
import { breachesByTerm, type LegalTermBreach, type SizeClass, type TermBreachGroup } from './supplier.ts';

export type Reason =
  | { kind: 'overdue'; overdue: Totals; days: number }
  | { kind: 'dbt'; days: number }
  | { kind: 'withheld'; days: number }
  | { kind: 'dependency'; share: number }
  | { kind: 'sme'; size: SizeClass }
  | { kind: 'sizeUnknown' }
  /** Unlawful terms of one length: the agreed term, invoices with it, or both. */
  | { kind: 'terms'; terms: TermBreachGroup }
  /** One breach: in snapshots made before breaches were put together per term. */
  | { kind: 'breach'; breach: LegalTermBreach }
  | { kind: 'nothingOverdue' };

export interface ReasonFacts {
  overdue: Totals;
  maxDaysOverdue: number;
  dbt: number;
  withheldRevenueDays: number | null;
  dependencyShare: number | null;
  sizeClass: SizeClass | null;
  breaches: LegalTermBreach[];
}

/** How many invoice numbers a reason names (all are counted). */
export const REASON_INVOICES = 5;

export function harmReasons(f: ReasonFacts): Reason[] {
  const out: Reason[] = [];
  if (f.maxDaysOverdue > 0) out.push({ kind: 'overdue', overdue: f.overdue, days: f.maxDaysOverdue });
  if (f.dbt > 0) out.push({ kind: 'dbt', days: f.dbt });
  if (f.withheldRevenueDays !== null && f.withheldRevenueDays > 0) out.push({ kind: 'withheld', days: f.withheldRevenueDays });
  if (f.dependencyShare !== null && f.dependencyShare > 0) out.push({ kind: 'dependency', share: f.dependencyShare });
  if (f.sizeClass === 'micro' || f.sizeClass === 'small' || f.sizeClass === 'medium') out.push({ kind: 'sme', size: f.sizeClass });
  if (f.sizeClass === null) out.push({ kind: 'sizeUnknown' });
  // The same term on a hundred invoices is one reason, which counts them and names the first few.
  for (const terms of breachesByTerm(f.breaches, REASON_INVOICES)) out.push({ kind: 'terms', terms });
  if (out.length === 0) out.push({ kind: 'nothingOverdue' });
  return out;
}

/** The English sentence of a reason (the API's `reasons`). */
export function reasonSentence(r: Reason): string {
  switch (r.kind) {
    case 'overdue':
      return `${formatTotals(r.overdue)} overdue; the oldest invoice is ${r.days} days past its due date`;
    case 'dbt':
      return `DBT ${r.days} days`;
    case 'withheld':
      return `holding back ${r.days} days of the supplier's annual revenue`;
    case 'dependency':
      return `the organisation is ${Math.round(r.share * 1000) / 10}% of the supplier's annual revenue`;
    case 'sme':
      return `${r.size} supplier (SME)`;
    case 'sizeUnknown':
      return 'supplier size unknown';
    case 'terms':
      return termsSentence(r.terms);
    case 'breach':
      return r.breach.message;
    case 'nothingOverdue':
      return 'nothing overdue';
  }
}

const LAW = {
  EU_MAX_60_DAYS: ' (Directive 2011/7/EU)',
  NL_SME_MAX_30_DAYS: ' for a Dutch SME supplier of a large company (art. 6:119a BW since 1 July 2022)',
} as const;

function termsSentence(g: TermBreachGroup): string {
  const limit = `above the legal maximum of ${g.limitDays} days${LAW[g.rule]}`;
  const more = g.invoiceCount - g.invoiceNumbers.length;
  const named = `${g.invoiceNumbers.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const invoices = g.invoiceCount === 1 ? `invoice ${named} has` : `${g.invoiceCount} invoices (${named}) have`;
  if (!g.agreed) return `${invoices} payment terms of ${g.termDays} days, ${limit}`;
  const also =
    g.invoiceCount === 0
      ? ''
      : `; ${g.invoiceCount === 1 ? `invoice ${named} has` : `${g.invoiceCount} invoices (${named}) have`} them too`;
  return `agreed payment terms of ${g.termDays} days, ${limit}${also}`;
}
