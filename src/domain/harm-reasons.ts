/**
 * Why a supplier's harm score is what it is, as facts (for pages that say it in their reader's
 * language) and as the English sentences the API and the CLI have always given.
 */
import type { Totals } from './money.ts';
import { formatTotals } from './money.ts';
import type { LegalTermBreach, SizeClass } from './supplier.ts';

export type Reason =
  | { kind: 'overdue'; overdue: Totals; days: number }
  | { kind: 'dbt'; days: number }
  | { kind: 'withheld'; days: number }
  | { kind: 'dependency'; share: number }
  | { kind: 'sme'; size: SizeClass }
  | { kind: 'sizeUnknown' }
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

export function harmReasons(f: ReasonFacts): Reason[] {
  const out: Reason[] = [];
  if (f.maxDaysOverdue > 0) out.push({ kind: 'overdue', overdue: f.overdue, days: f.maxDaysOverdue });
  if (f.dbt > 0) out.push({ kind: 'dbt', days: f.dbt });
  if (f.withheldRevenueDays !== null && f.withheldRevenueDays > 0) out.push({ kind: 'withheld', days: f.withheldRevenueDays });
  if (f.dependencyShare !== null && f.dependencyShare > 0) out.push({ kind: 'dependency', share: f.dependencyShare });
  if (f.sizeClass === 'micro' || f.sizeClass === 'small' || f.sizeClass === 'medium') out.push({ kind: 'sme', size: f.sizeClass });
  if (f.sizeClass === null) out.push({ kind: 'sizeUnknown' });
  for (const breach of f.breaches) out.push({ kind: 'breach', breach });
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
    case 'breach':
      return r.breach.message;
    case 'nothingOverdue':
      return 'nothing overdue';
  }
}
