/**
 * What is wrong for one supplier on one day, as alert conditions: pure, from the figures a recompute
 * has in hand (the supplier's health, its invoices, its previous harm level). An alert opens when a
 * condition appears and resolves itself when it is gone; the condition's key says which alert it is.
 */
import { createHash } from 'node:crypto';
import { addDays, type CalendarDate, daysBetween } from '../dates.ts';
import { type HarmLevel, levelOf } from '../harm.ts';
import { type Invoice, isCredit, isOpen, outstanding } from '../invoice.ts';
import { invoiceState } from '../invoice-state.ts';
import type { Totals } from '../money.ts';
import type { SupplierHealth } from '../supplier-health.ts';
import type { RuleId, RuleSettings } from './rules.ts';

export type Severity = 'critical' | 'warning';

/** The figures behind an alert, per rule; what its text is written from, in any language. */
export type AlertFacts =
  | { rule: 'willBeLate'; invoiceNumber: string; dueDate: CalendarDate; daysLeft: number; amount: Totals; needs: 'approval' | 'scheduling' }
  | {
      rule: 'smallSupplierOverdue';
      sizeClass: string | null;
      dependencyShare: number | null;
      /** Whether the dependency share reached the rule's threshold (then the text names it). */
      dependent: boolean;
      overdue: Totals;
      maxDaysOverdue: number;
    }
  | { rule: 'withheldRevenue'; withheldRevenueDays: number; overdue: Totals }
  | { rule: 'harmRising'; from: HarmLevel | null; to: HarmLevel; score: number }
  | {
      rule: 'unlawfulTerms';
      termDays: number;
      limitDays: number;
      law: 'EU_MAX_60_DAYS' | 'NL_SME_MAX_30_DAYS';
      invoiceNumber: string | null;
    }
  | { rule: 'disputeOpen'; invoiceNumber: string; since: CalendarDate; days: number; reason: string | null }
  | {
      rule: 'supplierAsked';
      messageId: string;
      kind: 'question' | 'missing';
      invoiceNumber: string | null;
      excerpt: string;
    };

export interface Condition {
  rule: RuleId;
  supplierId: string;
  /** Which thing of the supplier it is about: an invoice, a level, a message, or the supplier as a whole. */
  subject: string;
  severity: Severity;
  invoiceNumbers: string[];
  facts: AlertFacts;
  /**
   * Whether this condition may open a new alert, or only keep an open one alive. A harm level opens an
   * alert only on the day it rose; staying at that level keeps the alert, falling resolves it.
   */
  opens: boolean;
}

/** The figures, severity and invoices of a condition in one short string: equal when nothing changed. */
export const fingerprintOf = (c: Pick<Condition, 'facts' | 'severity' | 'invoiceNumbers'>) =>
  createHash('sha1')
    .update(JSON.stringify([c.facts, c.severity, c.invoiceNumbers]))
    .digest('base64url');

/**
 * Everything an evaluation of one supplier's day depends on, in one string: the day (snoozes run
 * out by date) and each condition's key, fingerprint and whether it may open an alert.
 */
export const conditionsDigest = (asOf: CalendarDate, cs: Condition[]) =>
  createHash('sha1')
    .update(JSON.stringify([asOf, cs.map((c) => [conditionKey(c), fingerprintOf(c), c.opens])]))
    .digest('base64url');

/** rule | supplier | subject: at most one alert per key is open at a time. */
export const conditionKey = (c: Pick<Condition, 'rule' | 'supplierId' | 'subject'>) => `${c.rule}|${c.supplierId}|${c.subject}`;

const RANK: Record<HarmLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface ConditionInput {
  health: SupplierHealth;
  invoices: Invoice[];
  /** The harm score of the supplier's previous snapshot (an earlier as-of date), or null when it has none. */
  previousScore: number | null;
  asOf: CalendarDate;
  rules: RuleSettings;
}

/**
 * Severity: alerts that need someone today are critical and sent at once: an invoice about to be late,
 * a small or dependent supplier already kept waiting (the harm tijdig exists to stop), a supplier whose
 * harm reached critical, anything about a supplier at harm level critical. The rest wait for the
 * daily digest.
 */
const CRITICAL_RULES: ReadonlySet<RuleId> = new Set(['willBeLate', 'smallSupplierOverdue']);
const severityOf = (rule: RuleId, h: SupplierHealth, facts: AlertFacts): Severity =>
  CRITICAL_RULES.has(rule) || h.harmLevel === 'critical' || (facts.rule === 'harmRising' && facts.to === 'critical')
    ? 'critical'
    : 'warning';

export function alertConditions(x: ConditionInput): Condition[] {
  const { health: h, rules, asOf } = x;
  const out: Condition[] = [];
  const add = (rule: RuleId, subject: string, facts: AlertFacts, invoiceNumbers: string[] = [], opens = true) =>
    out.push({ rule, supplierId: h.supplierId, subject, severity: severityOf(rule, h, facts), invoiceNumbers, facts, opens });
  const hasOverdue = Object.values(h.overdue).some((v) => v > 0);

  if (rules.willBeLate.enabled) {
    const until = addDays(asOf, rules.willBeLate.withinDays);
    for (const inv of x.invoices) {
      if (!isOpen(inv) || isCredit(inv) || inv.dueDate < asOf || inv.dueDate > until) continue;
      const state = invoiceState(inv);
      const needs = state === 'received' ? 'approval' : state === 'approved' ? 'scheduling' : null;
      if (!needs) continue;
      add(
        'willBeLate',
        `${inv.invoiceNumber}|${needs}`,
        {
          rule: 'willBeLate',
          invoiceNumber: inv.invoiceNumber,
          dueDate: inv.dueDate,
          daysLeft: daysBetween(asOf, inv.dueDate),
          amount: { [inv.currency]: outstanding(inv) },
          needs,
        },
        [inv.invoiceNumber],
      );
    }
  }

  if (rules.smallSupplierOverdue.enabled && hasOverdue) {
    const r = rules.smallSupplierOverdue;
    const small = h.sizeClass !== null && r.sizeClasses.includes(h.sizeClass);
    const dependent = h.dependencyShare !== null && h.dependencyShare >= r.minDependencyShare;
    if (small || dependent) {
      const overdueInvoices = x.invoices.filter((i) => isOpen(i) && !isCredit(i) && i.dueDate < asOf).map((i) => i.invoiceNumber);
      add(
        'smallSupplierOverdue',
        'overdue',
        {
          rule: 'smallSupplierOverdue',
          sizeClass: h.sizeClass,
          dependencyShare: h.dependencyShare,
          dependent,
          overdue: h.overdue,
          maxDaysOverdue: h.maxDaysOverdue,
        },
        overdueInvoices.sort(),
      );
    }
  }

  if (rules.withheldRevenue.enabled && h.withheldRevenueDays !== null && h.withheldRevenueDays >= rules.withheldRevenue.minDays) {
    add('withheldRevenue', 'withheld', { rule: 'withheldRevenue', withheldRevenueDays: h.withheldRevenueDays, overdue: h.overdue });
  }

  if (rules.harmRising.enabled && rules.harmRising.levels.includes(h.harmLevel)) {
    const from = x.previousScore === null ? null : levelOf(x.previousScore);
    const rose = RANK[h.harmLevel] > RANK[from ?? 'low'];
    add('harmRising', h.harmLevel, { rule: 'harmRising', from, to: h.harmLevel, score: h.harmScore }, [], rose);
  }

  if (rules.unlawfulTerms.enabled) {
    for (const b of h.legalTermBreaches) {
      add(
        'unlawfulTerms',
        b.invoiceNumber ?? 'agreed',
        { rule: 'unlawfulTerms', termDays: b.termDays, limitDays: b.limitDays, law: b.rule, invoiceNumber: b.invoiceNumber ?? null },
        b.invoiceNumber ? [b.invoiceNumber] : [],
      );
    }
  }

  if (rules.disputeOpen.enabled) {
    for (const inv of x.invoices) {
      const since = inv.disputedSince;
      if (!since || !isOpen(inv) || invoiceState(inv) !== 'disputed') continue;
      const days = daysBetween(since, asOf);
      if (days <= rules.disputeOpen.days) continue;
      add(
        'disputeOpen',
        inv.invoiceNumber,
        { rule: 'disputeOpen', invoiceNumber: inv.invoiceNumber, since, days, reason: inv.disputeReason ?? null },
        [inv.invoiceNumber],
      );
    }
  }
  return out;
}
