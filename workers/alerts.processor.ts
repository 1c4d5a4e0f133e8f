import type { Job } from 'bullmq';
import { findSupplierMessage } from '../src/persistence/supplier-messages/supplier-message.repository.ts';
import {
  ALERT_JOBS,
  type AlertDeliverData,
  type AlertEvaluateData,
  type AlertMessageData,
  DELIVERY_JOB_OPTIONS,
} from '../src/queues/definitions.ts';
import type { AlertDeps } from '../src/services/alerts/alert-deps.ts';
import { planDigest } from '../src/services/alerts/deliveries.ts';
import { evaluateAlerts } from '../src/services/alerts/evaluate.ts';
import { alertForMessage } from '../src/services/alerts/manage.ts';
import { sendDelivery } from '../src/services/alerts/send.ts';
import type { Processor } from './registry.ts';

export function alertHandlers(deps: AlertDeps): Record<string, Processor> {
  return {
    [ALERT_JOBS.evaluate]: async (job: Job<AlertEvaluateData>) => evaluateAlerts(job.data.batchId, deps),
    [ALERT_JOBS.message]: async (job: Job<AlertMessageData>) => {
      const m = await findSupplierMessage(job.data.messageId);
      const a = m ? await alertForMessage(m, deps) : null;
      return { alertId: a ? String(a._id) : null };
    },
    [ALERT_JOBS.deliver]: async (job: Job<AlertDeliverData>) => {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? DELIVERY_JOB_OPTIONS.attempts ?? 1);
      return { result: await sendDelivery(job.data.deliveryId, deps, last) };
    },
    [ALERT_JOBS.digest]: async () => planDigest(deps),
  };
}
