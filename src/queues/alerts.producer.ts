import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  ALERT_DIGEST,
  ALERT_JOBS,
  type AlertDeliverData,
  type AlertEvaluateData,
  type AlertMessageData,
  DEFAULT_JOB_OPTIONS,
  DELIVERY_JOB_OPTIONS,
  QUEUES,
} from './definitions.ts';

/** BullMQ job ids may not contain ':'. */
const safeId = (s: string) => s.replace(/[^A-Za-z0-9_.@|-]/g, '_');

/** Enqueues alert work. Job ids come from what the job is about, so enqueueing twice adds nothing. */
export class AlertsProducer {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(QUEUES.alerts.name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  /** After a recompute batch has stored its conditions. */
  async evaluate(batchId: string): Promise<void> {
    await this.queue.add(ALERT_JOBS.evaluate, { batchId } satisfies AlertEvaluateData, { jobId: `eval_${safeId(batchId)}` });
  }

  async message(messageId: string): Promise<void> {
    await this.queue.add(ALERT_JOBS.message, { messageId } satisfies AlertMessageData, { jobId: `msg_${messageId}` });
  }

  /** One job per delivery; `round` tells a retry of failed deliveries apart from their first job (kept, failed). */
  async deliver(deliveryIds: string[], round?: string): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: ALERT_JOBS.deliver,
        data: { deliveryId } satisfies AlertDeliverData,
        opts: { ...DELIVERY_JOB_OPTIONS, jobId: `deliver_${safeId(deliveryId)}${round ? `_${round}` : ''}` },
      })),
    );
  }

  /** The daily digest at HH:MM in the organisation's time zone (idempotent). */
  async scheduleDigest(time: string, timezone: string): Promise<void> {
    const [h, m] = time.split(':').map(Number);
    await this.queue.upsertJobScheduler(
      ALERT_DIGEST.schedulerId,
      { pattern: `${m} ${h} * * *`, tz: timezone },
      { name: ALERT_JOBS.digest, data: {}, opts: DEFAULT_JOB_OPTIONS },
    );
  }

  async close(): Promise<void> {
    // As RecomputeProducer.close: the connection settles before the queue closes.
    await this.queue.waitUntilReady().catch(() => {});
    await this.queue.close();
  }
}
