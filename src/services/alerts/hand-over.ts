/**
 * From a recompute batch to the alerts queue: the suppliers whose conditions differ from what their
 * last evaluation saw are stored as one condition batch, and its evaluation is queued. A day with
 * nothing new for a batch queues nothing (the common case after the first recompute of a day).
 */
import { type Condition, conditionsDigest } from '../../domain/alerts/conditions.ts';
import { markDigests, saveConditionBatch } from '../../persistence/alerts/condition-batch.model.ts';

export async function handOverConditions(
  batchId: string,
  asOf: string,
  found: Array<{ supplierId: string; name: string; conditions: Condition[] }>,
  enqueue: (batchId: string) => Promise<void>,
): Promise<number> {
  const seen = await markDigests(found.map((f) => f.supplierId));
  const changed = found
    .map((f) => ({ ...f, digest: conditionsDigest(asOf, f.conditions) }))
    .filter((f) => seen.get(f.supplierId) !== f.digest);
  if (changed.length === 0) return 0;
  await saveConditionBatch({ _id: batchId, asOf, suppliers: changed });
  await enqueue(batchId);
  return changed.length;
}
