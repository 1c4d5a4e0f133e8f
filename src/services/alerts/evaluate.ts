/**
 * Keeps the alerts in step with what is wrong: after a recompute batch, each supplier's conditions
 * (stored by the batch as one document) are compared with its live alerts. A new condition opens an alert, one still
 * there keeps its alert (with current figures), one gone resolves it. Running this twice, or on two
 * workers at once, changes nothing the second time: the unique keys on alerts decide.
 */
import { type Condition, conditionKey } from '../../domain/alerts/conditions.ts';
import { type LiveAlert, liveAlerts, openAlerts, refreshAlerts, resolveAlerts } from '../../persistence/alerts/alert.repository.ts';
import {
  type ConditionBatchDoc,
  conditionBatch,
  dropConditionBatch,
  setMarkDigests,
} from '../../persistence/alerts/condition-batch.model.ts';
import type { AlertDeps } from './alert-deps.ts';
import { planAlertDeliveries } from './deliveries.ts';

export interface Evaluation {
  opened: number;
  kept: number;
  resolved: number;
  /** Set when nothing was evaluated, and why. */
  skipped?: string;
}

/** Evaluates what one recompute batch found (its stored condition batch), then drops the batch. */
export async function evaluateAlerts(batchId: string, deps: AlertDeps): Promise<Evaluation> {
  const batch = await conditionBatch(batchId);
  if (!batch) return { opened: 0, kept: 0, resolved: 0, skipped: `batch ${batchId} was evaluated already` };
  const result = await evaluate(batch.suppliers, batch.asOf, deps);
  // Only now is what these suppliers' alerts say up to date with these conditions.
  if (!result.skipped) await setMarkDigests(batch.suppliers.map((s) => ({ supplierId: s.supplierId, digest: s.digest })));
  await dropConditionBatch(batchId);
  return result;
}

async function evaluate(snapshots: ConditionBatchDoc['suppliers'], asOf: string, deps: AlertDeps): Promise<Evaluation> {
  const today = deps.today();
  // A recompute of another day describes that day, not what is wrong now.
  if (asOf !== today) return { opened: 0, kept: 0, resolved: 0, skipped: `as-of ${asOf} is not today (${today})` };
  const current = await liveAlerts(snapshots.map((s) => s.supplierId));
  const byKey = new Map<string, LiveAlert>();
  // Questions from suppliers are not conditions of the figures: they resolve when the message is handled.
  for (const a of current) if (a.topic !== 'question') byKey.set(a.conditionKey, a);
  const evaluated = new Set(snapshots.map((s) => s.supplierId));

  const fresh: Array<{ condition: Condition; supplierName: string }> = [];
  const live: Array<{ alert: LiveAlert; condition: Condition }> = [];
  const seen = new Set<string>();
  for (const s of snapshots) {
    for (const c of s.conditions) {
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
