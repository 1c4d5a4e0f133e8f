/**
 * Keeps the alerts in step with what is wrong: after a recompute, each supplier's conditions (kept
 * with its snapshot) are compared with its live alerts. A new condition opens an alert, one still
 * there keeps its alert (with current figures), one gone resolves it. Running this twice, or on two
 * workers at once, changes nothing the second time: the unique keys on alerts decide.
 */
import { type Condition, conditionKey } from '../../domain/alerts/conditions';
import type { AlertDoc } from '../../persistence/alerts/alert.model';
import { liveAlerts, openAlerts, refreshAlerts, resolveAlerts } from '../../persistence/alerts/alert.repository';
import { snapshotConditions } from '../../persistence/snapshots/snapshot.repository';
import type { AlertDeps } from './alert-deps';
import { planAlertDeliveries } from './deliveries';

export interface Evaluation {
  opened: number;
  kept: number;
  resolved: number;
  /** Set when nothing was evaluated, and why. */
  skipped?: string;
}

export async function evaluateAlerts(supplierIds: string[], asOf: string, deps: AlertDeps): Promise<Evaluation> {
  const today = deps.today();
  // A recompute of another day describes that day, not what is wrong now.
  if (asOf !== today) return { opened: 0, kept: 0, resolved: 0, skipped: `as-of ${asOf} is not today (${today})` };
  const [snapshots, current] = await Promise.all([snapshotConditions(supplierIds, asOf), liveAlerts(supplierIds)]);
  const byKey = new Map<string, AlertDoc>();
  // Questions from suppliers are not conditions of the figures: they resolve when the message is handled.
  for (const a of current) if (a.rule !== 'supplierAsked') byKey.set(a.conditionKey, a);
  const evaluated = new Set(snapshots.map((s) => s.supplierId));

  const fresh: Array<{ condition: Condition; supplierName: string }> = [];
  const live: Array<{ alert: AlertDoc; condition: Condition }> = [];
  const seen = new Set<string>();
  for (const s of snapshots) {
    for (const c of s.conditions as Condition[]) {
      const key = conditionKey(c);
      seen.add(key);
      const existing = byKey.get(key);
      if (existing) live.push({ alert: existing, condition: c });
      else if (c.opens) fresh.push({ condition: c, supplierName: s.name });
    }
  }
  await refreshAlerts(live, today);
  const opened = await openAlerts(fresh, today);
  const gone = [...byKey.values()].filter((a) => evaluated.has(a.supplierId) && !seen.has(a.conditionKey)).map((a) => a._id);
  const resolved = await resolveAlerts(gone);
  await planAlertDeliveries(opened, deps);
  return { opened: opened.length, kept: live.length, resolved };
}
