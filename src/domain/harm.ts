/**
 * Harm score 0–100: how much the organisation's late payment hurts this supplier.
 *
 *   lateness   L = min(1, maxDaysOverdue / 90)
 *   withheld   W = min(1, withheldRevenueDays / 30)            when revenue is known
 *                = min(1, overdue in base currency / 50,000) / 2 when it is not (size unknown: counted at half)
 *   dependency P = dependencyShare (0 when unknown)
 *   legal      B = 1 when any payment term breaks the law, else 0
 *   size       S = micro 1, small 0.75, medium 0.5, unknown 0.5, large 0.1
 *
 *   score = round(100 × (0.35·L + 0.30·W + 0.20·P + 0.15·B) × (0.5 + 0.5·S))
 *   level: critical ≥ 75, high ≥ 50, medium ≥ 25, else low.
 *
 * Every input enters through a non-decreasing term, so more days overdue, more overdue money, a
 * higher dependency or a smaller supplier (fewer employees or less revenue) never lowers the score.
 * DBT is shown among the reasons but kept out of the formula: a new, younger overdue invoice lowers
 * DBT, which would let more overdue money lower the score.
 */
import type { SizeClass } from './supplier.ts';

export type HarmLevel = 'low' | 'medium' | 'high' | 'critical';

export interface HarmInputs {
  maxDaysOverdue: number;
  /** null when the supplier's revenue is unknown. */
  withheldRevenueDays: number | null;
  /** Overdue outstanding in the base currency (minor units), used when revenue is unknown. */
  overdueBaseMinor: number;
  dependencyShare: number | null;
  sizeClass: SizeClass | null;
  legalTermBreaches: number;
}

const SIZE_WEIGHT: Record<SizeClass | 'unknown', number> = { micro: 1, small: 0.75, medium: 0.5, unknown: 0.5, large: 0.1 };

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function harmScore(x: HarmInputs): { score: number; level: HarmLevel } {
  const L = clamp01(x.maxDaysOverdue / 90);
  const W = x.withheldRevenueDays !== null ? clamp01(x.withheldRevenueDays / 30) : clamp01(x.overdueBaseMinor / 5_000_000) / 2;
  const P = clamp01(x.dependencyShare ?? 0);
  const B = x.legalTermBreaches > 0 ? 1 : 0;
  const S = SIZE_WEIGHT[x.sizeClass ?? 'unknown'];
  const score = Math.round(100 * clamp01((0.35 * L + 0.3 * W + 0.2 * P + 0.15 * B) * (0.5 + 0.5 * S)));
  return { score, level: levelOf(score) };
}

export function levelOf(score: number): HarmLevel {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}
