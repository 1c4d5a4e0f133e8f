/**
 * Supplier master data and what follows from it: size class, SME status, dependency on the
 * organisation, revenue held back, and payment terms that break the law.
 */
import { addDays, type CalendarDate, daysBetween } from './dates.ts';
import { daysOverdue, type Invoice, isCancelled, isCredit, outstanding } from './invoice.ts';
import { addTo, type Currency, type Minor, type Totals } from './money.ts';

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export interface Supplier {
  supplierId: string;
  name: string;
  country?: string | null;
  employees?: number | null;
  annualRevenue?: Minor | null;
  revenueCurrency?: Currency | null;
  paymentTermsDays?: number | null;
  contactEmail?: string | null;
  /** Who in the organisation owns the relationship: receives this supplier's alerts. */
  ownerEmail?: string | null;
  sizeClass?: SizeClass | null;
  /** Where payments go (checked with the IBAN check digits on import). */
  iban?: string | null;
}

/** Given, else from employees: < 10 micro, < 50 small, < 250 medium, else large; unknown stays null. */
export function sizeClassOf(s: Supplier): SizeClass | null {
  if (s.sizeClass) return s.sizeClass;
  if (s.employees === null || s.employees === undefined) return null;
  if (s.employees < 10) return 'micro';
  if (s.employees < 50) return 'small';
  if (s.employees < 250) return 'medium';
  return 'large';
}

export const isSme = (size: SizeClass | null) => size === 'micro' || size === 'small' || size === 'medium';

/** Positive invoice amounts with issueDate in (asOf − 365 days, asOf], per currency. */
export function spend12m(invoices: Invoice[], asOf: CalendarDate): Totals {
  const since = addDays(asOf, -365);
  const out: Totals = {};
  for (const inv of invoices) {
    if (isCancelled(inv) || inv.amount <= 0 || inv.issueDate <= since || inv.issueDate > asOf) continue;
    addTo(out, inv.currency, inv.amount);
  }
  return out;
}

/** Outstanding of open, non-credit invoices past their due date, per currency. */
export function overdueTotals(invoices: Invoice[], asOf: CalendarDate): Totals {
  const out: Totals = {};
  for (const inv of invoices) if (!isCredit(inv) && daysOverdue(inv, asOf) > 0) addTo(out, inv.currency, outstanding(inv));
  return out;
}

/** spend12m in the revenue's currency / annualRevenue, capped at 1; null when revenue is unknown. */
export function dependencyShare(s: Supplier, spend: Totals): number | null {
  if (!s.annualRevenue || s.annualRevenue <= 0 || !s.revenueCurrency) return null;
  return Math.min(1, (spend[s.revenueCurrency] ?? 0) / s.annualRevenue);
}

/** Overdue outstanding in the revenue's currency / (annualRevenue / 365); null when revenue is unknown. */
export function withheldRevenueDays(s: Supplier, overdue: Totals): number | null {
  if (!s.annualRevenue || s.annualRevenue <= 0 || !s.revenueCurrency) return null;
  return Math.round(((overdue[s.revenueCurrency] ?? 0) / (s.annualRevenue / 365)) * 100) / 100;
}

export interface LegalTermBreach {
  rule: 'EU_MAX_60_DAYS' | 'NL_SME_MAX_30_DAYS';
  termDays: number;
  limitDays: number;
  /** Where the term comes from: the supplier's agreed terms, or one invoice's due date. */
  invoiceNumber?: string;
  message: string;
}

/** The date from which Dutch law caps terms for SMEs at 30 days when the buyer is large. */
export const NL_SME_RULE_FROM = '2022-07-01';

export interface OrgProfile {
  /** Whether the organisation is a large enterprise (the NL 30-day rule applies only then). */
  isLarge: boolean;
  defaultPaymentTermsDays: number;
}

function check(
  termDays: number,
  supplier: Supplier,
  org: OrgProfile,
  agreedOn: CalendarDate | null,
): Omit<LegalTermBreach, 'invoiceNumber' | 'message'> | null {
  if (termDays > 60) return { rule: 'EU_MAX_60_DAYS', termDays, limitDays: 60 };
  const dutchSme = isSme(sizeClassOf(supplier)) && (supplier.country ?? '').toUpperCase() === 'NL';
  if (org.isLarge && dutchSme && termDays > 30 && (agreedOn === null || agreedOn >= NL_SME_RULE_FROM)) {
    return { rule: 'NL_SME_MAX_30_DAYS', termDays, limitDays: 30 };
  }
  return null;
}

const describe = (b: Omit<LegalTermBreach, 'message'>) =>
  `${b.invoiceNumber ? `invoice ${b.invoiceNumber} has` : 'agreed'} payment terms of ${b.termDays} days, above the legal maximum of ${b.limitDays} days` +
  (b.rule === 'EU_MAX_60_DAYS'
    ? ' (Directive 2011/7/EU)'
    : ' for a Dutch SME supplier of a large company (art. 6:119a BW since 1 July 2022)');

/**
 * Terms above 60 days (EU), or above 30 days for a Dutch SME supplier of a large organisation. Checked
 * for the supplier's agreed terms and for each live invoice's own term (dueDate − receivedDate).
 */
export function legalTermBreaches(supplier: Supplier, invoices: Invoice[], org: OrgProfile): LegalTermBreach[] {
  const out: LegalTermBreach[] = [];
  const agreed = supplier.paymentTermsDays ?? org.defaultPaymentTermsDays;
  const master = check(agreed, supplier, org, null);
  if (master) out.push({ ...master, message: describe(master) });
  for (const inv of invoices) {
    if (isCancelled(inv) || isCredit(inv)) continue;
    const term = daysBetween(inv.receivedDate, inv.dueDate);
    if (term === agreed) continue;
    const b = check(term, supplier, org, inv.receivedDate);
    if (b) {
      const full = { ...b, invoiceNumber: inv.invoiceNumber };
      out.push({ ...full, message: describe(full) });
    }
  }
  return out;
}

/** A supplier's legal-term breaches of one term length under one rule: the agreed term, invoices, or both. */
export interface TermBreachGroup {
  rule: LegalTermBreach['rule'];
  termDays: number;
  limitDays: number;
  /** The supplier's agreed term is this long. */
  agreed: boolean;
  /** Invoices whose own term is this long, and the first `keep` of their numbers. */
  invoiceCount: number;
  invoiceNumbers: string[];
}

/**
 * Breaches put together per rule and term length, longest term first: the same unlawful term
 * printed on a hundred invoices is one thing to fix with the supplier, not a hundred.
 */
export function breachesByTerm(breaches: LegalTermBreach[], keep: number): TermBreachGroup[] {
  const groups = new Map<string, TermBreachGroup>();
  for (const b of breaches) {
    const key = `${b.rule}|${b.termDays}`;
    const g = groups.get(key) ?? {
      rule: b.rule,
      termDays: b.termDays,
      limitDays: b.limitDays,
      agreed: false,
      invoiceCount: 0,
      invoiceNumbers: [],
    };
    if (!b.invoiceNumber) g.agreed = true;
    else {
      g.invoiceCount++;
      if (g.invoiceNumbers.length < keep) g.invoiceNumbers.push(b.invoiceNumber);
    }
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.termDays - a.termDays || a.rule.localeCompare(b.rule));
}
