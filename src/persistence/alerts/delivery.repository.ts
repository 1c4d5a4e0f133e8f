import type { Types } from 'mongoose';
import { type Attempt, type DeliveryDoc, DeliveryModel } from './delivery.model.ts';

export type PlannedDelivery = Pick<DeliveryDoc, '_id' | 'channel' | 'kind' | 'target' | 'lang' | 'alertIds' | 'runId' | 'supplierId'>;

/** Stores the deliveries not stored yet; returns the ids of those still to send (new or pending). */
export async function planDeliveries(ds: PlannedDelivery[]): Promise<string[]> {
  if (ds.length === 0) return [];
  const now = new Date();
  await DeliveryModel.bulkWrite(
    ds.map(({ _id, ...d }) => ({
      updateOne: {
        // The upsert takes its _id from the filter.
        filter: { _id },
        update: { $setOnInsert: { ...d, status: 'pending', attempts: [], createdAt: now } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  const pending = await DeliveryModel.find({ _id: { $in: ds.map((d) => d._id) }, status: 'pending' }, { _id: 1 }).lean();
  return pending.map((d) => d._id);
}

export async function findDelivery(id: string): Promise<DeliveryDoc | null> {
  return DeliveryModel.findById(id).lean<DeliveryDoc>();
}

export async function recordAttempt(id: string, attempt: Attempt, final?: 'sent' | 'failed'): Promise<void> {
  await DeliveryModel.updateOne(
    { _id: id },
    {
      $push: { attempts: attempt },
      ...(final ? { $set: { status: final, ...(final === 'sent' ? { sentAt: attempt.at } : {}) } } : {}),
    },
  );
}

/** Failed deliveries, set pending again to be retried (never dropped). */
export async function retryFailed(): Promise<string[]> {
  const failed = await DeliveryModel.find({ status: 'failed' }, { _id: 1 }).lean();
  const ids = failed.map((d) => d._id);
  if (ids.length) await DeliveryModel.updateMany({ _id: { $in: ids }, status: 'failed' }, { $set: { status: 'pending' } });
  return ids;
}

export async function deliveriesOf(alertId: Types.ObjectId): Promise<DeliveryDoc[]> {
  return DeliveryModel.find({ alertIds: alertId }).sort({ createdAt: 1 }).lean<DeliveryDoc[]>();
}
