/**
 * What is wrong for one supplier on one day, as alert conditions: pure, from the figures a recompute
 * has in hand (the supplier's health, its invoices, its previous harm level). An alert opens when a
 * condition appears and resolves itself when it is gone; the condition's key says which alert it is.
 *
 * A condition is about one thing a person can do for one supplier (its topic): pay or approve its
 * invoices, settle its disputes, agree lawful terms with it (one per unlawful term), answer its
 * question. The rules that found it are its reasons, so a supplier that is small, overdue, held back
 * and rising in harm has one payment alert that says all four, not four alerts.
 */
import { createHash } from 'node:crypto';
import { addDays, type CalendarDate, daysBetween } from '../dates.ts';
import { type HarmLevel, levelOf } from '../harm.ts';
import type { Invoice } from '../invoice.ts';
import { isCredit, isOpen, outstanding } from '../invoice.ts';
import { invoiceState } from '../invoice-state.ts';
import type { Totals } from '../money.ts';
import { breachesByTerm } from '../supplier.ts';
import type { SupplierHealth } from '../supplier-health.ts';
import type { RuleId, RuleSettings } from './rules.ts';

export type Severity = 'critical' | 'warning';

/** What someone does to end an alert, and so which alerts of a supplier are one. */
export type Topic = 'payment' | 'dispute' | 'terms' | 'question';

export const TOPIC_OF: Record<RuleId, Topic> = {
  smallSupplierOverdue: 'payment',
  willBeLate: 'payment',
  withheldRevenue: 'payment',
  harmRising: 'payment',
  disputeOpen: 'dispute',
  unlawfulTerms: 'terms',
  supplierAsked: 'question',
};

/** Which reason names a payment alert when several hold: the harm first, then the deadline. */
const PRECEDENCE: RuleId[] = ['smallSupplierOverdue', 'willBeLate', 'withheldRevenue', 'harmRising'];

/** At most this many invoices are named in an alert's figures; their count is always given. */
export const LISTED = 10;

export interface DueSoon {
  invoiceNumber: string;
  dueDate: CalendarDate;
  daysLeft: number;
  amount: Totals;
  needs: 'approval' | 'scheduling';
}

export interface OpenDispute {
  invoiceNumber: string;
  since: CalendarDate;
  days: number;
  reason: string | null;
}

/** The figures behind an alert, per rule; what its text is written from, in any language. */
export type AlertFacts =
  | {
      rule: 'willBeLate';
      /** The first LISTED invoices by due date. */
      invoices: DueSoon[];
      count: number;
      /** What they come to, still open. */
      amount: Totals;
      /** The soonest due date, and the days left until it. */
      dueDate: CalendarDate;
      daysLeft: number;
    }
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
      /** The supplier's agreed term is this long. */
      agreed: boolean;
      /** Invoices whose own term is this long, and the first few of them. */
      invoiceCount: number;
      invoiceNumbers: string[];
    }
  | { rule: 'disputeOpen'; disputes: OpenDispute[]; count: number; days: number }
  | {
      rule: 'supplierAsked';
      messageId: string;
      kind: 'question' | 'missing';
      invoiceNumber: string | null;
      excerpt: string;
    };

export interface Condition {
  topic: Topic;
  /** The reason its headline names (the first of `facts`). */
  rule: RuleId;
  /** Every rule behind it. */
  rules: RuleId[];
  supplierId: string;
  /** Which one of the supplier's alerts of this topic: a term, a message, or the topic as a whole. */
  subject: string;
  severity: Severity;
  /** The invoices it is about (at most LISTED of each rule). */
  invoiceNumbers: string[];
  /** One entry per rule, in order of precedence. */
  facts: AlertFacts[];
  /** The supplier's harm score that day (alerts list the most harmed suppliers first). */
  harmScore: number;
  /**
   * Whether this condition may open a new alert, or only keep an open one alive. A harm level opens an
   * alert only on the day it rose; staying at that level keeps the alert, falling resolves it.
   */
  opens: boolean;
}

/** The figures, severity, invoices and harm of a condition in one short string: equal when nothing changed. */
export const fingerprintOf = (c: Pick<Condition, 'facts' | 'severity' | 'invoiceNumbers' | 'harmScore'>) =>
  createHash('sha1')
    .update(JSON.stringify([c.facts, c.severity, c.invoiceNumbers, c.harmScore]))
    .digest('base64url');

/**
 * Everything an evaluation of one supplier's day depends on, in one string: the day (snoozes run
 * out by date) and each condition's key, fingerprint and whether it may open an alert.
 */
export const conditionsDigest = (asOf: CalendarDate, cs: Condition[]) =>
  createHash('sha1')
    .update(JSON.stringify([asOf, cs.map((c) => [conditionKey(c), fingerprintOf(c), c.opens])]))
    .digest('base64url');

/** topic | supplier | subject: at most one alert per key is open at a time. */
export const conditionKey = (c: Pick<Condition, 'topic' | 'supplierId' | 'subject'>) => `${c.topic}|${c.supplierId}|${c.subject}`;

const RANK: Record<HarmLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface ConditionInput {
  health: SupplierHealth;
  invoices: Invoice[];
  /** The harm score of the supplier's previous snapshot (an earlier as-of date), or null when it has none. */
  previousScore: number | null;
  asOf: CalendarDate;
  rules: RuleSettings;
}

/** What one rule found: a reason, before reasons of one topic are put together. */
interface Finding {
  subject: string;
  severity: Severity;
  invoiceNumbers: string[];
  facts: AlertFacts;
  opens: boolean;
}

/**
 * Severity: alerts that need someone today are critical and sent at once: an invoice about to be late,
 * a small or dependent supplier already kept waiting (the harm tijdig exists to stop), a supplier whose
 * harm reached critical, anything about a supplier at harm level critical. The rest wait for the
 * daily digest.
 */
const CRITICAL_RULES: ReadonlySet<RuleId> = new Set(['willBeLate', 'smallSupplierOverdue']);
const severityOf = (h: SupplierHealth, facts: AlertFacts): Severity =>
  CRITICAL_RULES.has(facts.rule) || h.harmLevel === 'critical' || (facts.rule === 'harmRising' && facts.to === 'critical')
    ? 'critical'
    : 'warning';

/** What each enabled rule finds for the supplier's day. */
function findings(x: ConditionInput): Finding[] {
  const { health: h, rules, asOf } = x;
  const out: Finding[] = [];
  const add = (subject: string, facts: AlertFacts, invoiceNumbers: string[] = [], opens = true) =>
    out.push({ subject, severity: severityOf(h, facts), invoiceNumbers, facts, opens });
  const hasOverdue = Object.values(h.overdue).some((v) => v > 0);

  if (rules.willBeLate.enabled) {
    const until = addDays(asOf, rules.willBeLate.withinDays);
    const due: DueSoon[] = [];
    for (const inv of x.invoices) {
      if (!isOpen(inv) || isCredit(inv) || inv.dueDate < asOf || inv.dueDate > until) continue;
      const state = invoiceState(inv);
      const needs = state === 'received' ? 'approval' : state === 'approved' ? 'scheduling' : null;
      if (!needs) continue;
      due.push({
        invoiceNumber: inv.invoiceNumber,
        dueDate: inv.dueDate,
        daysLeft: daysBetween(asOf, inv.dueDate),
        amount: { [inv.currency]: outstanding(inv) },
        needs,
      });
    }
    if (due.length) {
      due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNumber.localeCompare(b.invoiceNumber));
      const amount: Totals = {};
      for (const d of due) for (const [c, v] of Object.entries(d.amount)) amount[c] = (amount[c] ?? 0) + v;
      const listed = due.slice(0, LISTED);
      add(
        'payment',
        { rule: 'willBeLate', invoices: listed, count: due.length, amount, dueDate: due[0].dueDate, daysLeft: due[0].daysLeft },
        listed.map((d) => d.invoiceNumber),
      );
    }
  }

  if (rules.smallSupplierOverdue.enabled && hasOverdue) {
    const r = rules.smallSupplierOverdue;
    const small = h.sizeClass !== null && r.sizeClasses.includes(h.sizeClass);
    const dependent = h.dependencyShare !== null && h.dependencyShare >= r.minDependencyShare;
    if (small || dependent) {
      const overdueInvoices = x.invoices
        .filter((i) => isOpen(i) && !isCredit(i) && i.dueDate < asOf)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNumber.localeCompare(b.invoiceNumber))
        .map((i) => i.invoiceNumber);
      add(
        'payment',
        {
          rule: 'smallSupplierOverdue',
          sizeClass: h.sizeClass,
          dependencyShare: h.dependencyShare,
          dependent,
          overdue: h.overdue,
          maxDaysOverdue: h.maxDaysOverdue,
        },
        overdueInvoices.slice(0, LISTED),
      );
    }
  }

  if (rules.withheldRevenue.enabled && h.withheldRevenueDays !== null && h.withheldRevenueDays >= rules.withheldRevenue.minDays) {
    add('payment', { rule: 'withheldRevenue', withheldRevenueDays: h.withheldRevenueDays, overdue: h.overdue });
  }

  if (rules.harmRising.enabled && rules.harmRising.levels.includes(h.harmLevel)) {
    const from = x.previousScore === null ? null : levelOf(x.previousScore);
    const rose = RANK[h.harmLevel] > RANK[from ?? 'low'];
    add('payment', { rule: 'harmRising', from, to: h.harmLevel, score: h.harmScore }, [], rose);
  }

  if (rules.unlawfulTerms.enabled) {
    for (const g of breachesByTerm(h.legalTermBreaches, LISTED)) {
      add(
        `${g.rule}|${g.termDays}`,
        {
          rule: 'unlawfulTerms',
          termDays: g.termDays,
          limitDays: g.limitDays,
          law: g.rule,
          agreed: g.agreed,
          invoiceCount: g.invoiceCount,
          invoiceNumbers: g.invoiceNumbers,
        },
        g.invoiceNumbers,
      );
    }
  }

  if (rules.disputeOpen.enabled) {
    const disputes: OpenDispute[] = [];
    for (const inv of x.invoices) {
      const since = inv.disputedSince;
      if (!since || !isOpen(inv) || invoiceState(inv) !== 'disputed') continue;
      const days = daysBetween(since, asOf);
      if (days > rules.disputeOpen.days)
        disputes.push({ invoiceNumber: inv.invoiceNumber, since, days, reason: inv.disputeReason ?? null });
    }
    if (disputes.length) {
      disputes.sort((a, b) => b.days - a.days || a.invoiceNumber.localeCompare(b.invoiceNumber));
      const listed = disputes.slice(0, LISTED);
      add(
        'disputes',
        { rule: 'disputeOpen', disputes: listed, count: disputes.length, days: disputes[0].days },
        listed.map((d) => d.invoiceNumber),
      );
    }
  }
  return out;
}

/** The reasons of one topic and subject, put together as one condition. */
function together(supplierId: string, harmScore: number, topic: Topic, subject: string, fs: Finding[]): Condition {
  const sorted = [...fs].sort((a, b) => PRECEDENCE.indexOf(a.facts.rule) - PRECEDENCE.indexOf(b.facts.rule));
  return {
    topic,
    rule: sorted[0].facts.rule,
    rules: sorted.map((f) => f.facts.rule),
    supplierId,
    subject,
    severity: sorted.some((f) => f.severity === 'critical') ? 'critical' : 'warning',
    invoiceNumbers: [...new Set(sorted.flatMap((f) => f.invoiceNumbers))].sort(),
    facts: sorted.map((f) => f.facts),
    harmScore,
    opens: sorted.some((f) => f.opens),
  };
}

export function alertConditions(x: ConditionInput): Condition[] {
  const groups = new Map<string, { topic: Topic; subject: string; fs: Finding[] }>();
  for (const f of findings(x)) {
    const topic = TOPIC_OF[f.facts.rule];
    const key = `${topic}|${f.subject}`;
    const g = groups.get(key) ?? { topic, subject: f.subject, fs: [] };
    g.fs.push(f);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => together(x.health.supplierId, x.health.harmScore, g.topic, g.subject, g.fs));
}

/** A supplier's question or missing-invoice report, as the condition of its own alert (resolved when handled). */
export function questionCondition(
  m: { id: string; supplierId: string; kind: 'question' | 'missing'; invoiceNumber: string | null; excerpt: string },
  harmScore: number,
): Condition {
  return {
    topic: 'question',
    rule: 'supplierAsked',
    rules: ['supplierAsked'],
    supplierId: m.supplierId,
    subject: m.id,
    severity: 'warning',
    invoiceNumbers: m.invoiceNumber ? [m.invoiceNumber] : [],
    facts: [{ rule: 'supplierAsked', messageId: m.id, kind: m.kind, invoiceNumber: m.invoiceNumber, excerpt: m.excerpt }],
    harmScore,
    opens: true,
  };
}
