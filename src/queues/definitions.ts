/**
 * Every queue, job name and job option tijdig uses lives here. Payloads carry ids and dates, never
 * data or secrets; MongoDB is the source of truth.
 */
import type { JobsOptions } from 'bullmq';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  // Failed jobs are kept for inspection.
  removeOnFail: false,
};

export interface QueueDefinition {
  name: string;
  /** The job names this queue carries; a worker must have a handler for each. */
  jobs: readonly string[];
  concurrency: number;
}

export const RECOMPUTE_JOBS = {
  /** Snapshots for a batch of supplier ids. */
  batch: 'recompute-batch',
  /** Parent of a full run's batches; completes when they all have. */
  run: 'recompute-run',
  /** Fired by the daily scheduler: starts a full run for today in the organisation's time zone. */
  daily: 'recompute-daily',
  /** Queued by a run once its batches are done: keeps the overview's figures of its day. */
  figures: 'recompute-figures',
} as const;

export const IMPORT_JOBS = { file: 'import-file' } as const;

export const ALERT_JOBS = {
  /** Compare a recompute batch's conditions with the live alerts. */
  evaluate: 'alerts-evaluate',
  /** A supplier's message from the status page. */
  message: 'alerts-message',
  /** Send one planned delivery (one channel, one recipient). */
  deliver: 'alerts-deliver',
  /** The daily digest of warnings (a job scheduler at ALERT_DIGEST_TIME). */
  digest: 'alerts-digest',
} as const;

export interface AlertEvaluateData {
  /** The stored conditions of one recompute batch. */
  batchId: string;
}

export interface AlertMessageData {
  messageId: string;
}

export interface AlertDeliverData {
  deliveryId: string;
}

/**
 * Deliveries retry for about two hours (1 s, 2 s, 4 s … doubling, 13 attempts) before they are marked
 * failed; the next digest run queues failed ones again, so a receiver that is down delays, never loses.
 */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  ...DEFAULT_JOB_OPTIONS,
  attempts: 13,
  backoff: { type: 'exponential', delay: 1000 },
};

export interface ImportJobData {
  importId: string;
}

export const QUEUES = {
  recompute: { name: 'recompute', jobs: Object.values(RECOMPUTE_JOBS), concurrency: 2 },
  // One import at a time per worker: imports are I/O-heavy streams with their own batching.
  import: { name: 'import', jobs: Object.values(IMPORT_JOBS), concurrency: 1 },
  // Deliveries wait on SMTP servers and webhook receivers: several at once.
  alerts: { name: 'alerts', jobs: Object.values(ALERT_JOBS), concurrency: 4 },
} satisfies Record<string, QueueDefinition>;

export type QueueKey = keyof typeof QUEUES;

/** How many suppliers one recompute job covers: small enough to spread over workers, big enough to batch I/O. */
export const RECOMPUTE_BATCH_SIZE = 250;

export const DAILY_RECOMPUTE = { schedulerId: 'daily-recompute', pattern: '0 6 * * *' } as const;

export const ALERT_DIGEST = { schedulerId: 'alert-digest' } as const;

export interface RecomputeBatchData {
  runId: string;
  asOf: string;
  supplierIds: string[];
}

export interface RecomputeRunData {
  runId: string;
  asOf: string;
  suppliers: number;
}

export interface RecomputeFiguresData {
  asOf: string;
}
