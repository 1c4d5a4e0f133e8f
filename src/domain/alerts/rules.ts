/**
 * The alert rules procurement can switch on and off and tune, with their documented defaults
 * (docs/definitions.md, "Alerts"). Plain data: stored per organisation, validated at the edges.
 */
import type { HarmLevel } from '../harm.ts';
import type { SizeClass } from '../supplier.ts';

export const RULE_IDS = [
  'willBeLate',
  'smallSupplierOverdue',
  'withheldRevenue',
  'harmRising',
  'unlawfulTerms',
  'disputeOpen',
  'supplierAsked',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleSettings {
  /** An open invoice due within `withinDays` that is not approved or scheduled, or approved but not scheduled. */
  willBeLate: { enabled: boolean; withinDays: number };
  /** A supplier of one of these sizes, or with at least this dependency share, has anything overdue. */
  smallSupplierOverdue: { enabled: boolean; sizeClasses: SizeClass[]; minDependencyShare: number };
  withheldRevenue: { enabled: boolean; minDays: number };
  /** The harm level rose, compared with the previous snapshot, to one of these levels. */
  harmRising: { enabled: boolean; levels: HarmLevel[] };
  unlawfulTerms: { enabled: boolean };
  /** A dispute open for more than `days` days. */
  disputeOpen: { enabled: boolean; days: number };
  /** A question or a missing-invoice report from the status page. */
  supplierAsked: { enabled: boolean };
}

export const DEFAULT_RULES: RuleSettings = {
  willBeLate: { enabled: true, withinDays: 3 },
  smallSupplierOverdue: { enabled: true, sizeClasses: ['micro', 'small'], minDependencyShare: 0.25 },
  withheldRevenue: { enabled: true, minDays: 5 },
  harmRising: { enabled: true, levels: ['high', 'critical'] },
  unlawfulTerms: { enabled: true },
  disputeOpen: { enabled: true, days: 14 },
  supplierAsked: { enabled: true },
};

/** Stored settings over the defaults, rule by rule and field by field (a rule added later gets its defaults). */
export function withDefaults(stored: Partial<{ [K in RuleId]: Partial<RuleSettings[K]> }> | null | undefined): RuleSettings {
  const out = structuredClone(DEFAULT_RULES) as unknown as Record<RuleId, Record<string, unknown>>;
  for (const id of RULE_IDS) Object.assign(out[id], stored?.[id] ?? {});
  return out as unknown as RuleSettings;
}
