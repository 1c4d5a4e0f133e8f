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
} as const;

export const IMPORT_JOBS = { file: 'import-file' } as const;

export interface ImportJobData {
  importId: string;
}

export const QUEUES = {
  recompute: { name: 'recompute', jobs: Object.values(RECOMPUTE_JOBS), concurrency: 2 },
  // One import at a time per worker: imports are I/O-heavy streams with their own batching.
  import: { name: 'import', jobs: Object.values(IMPORT_JOBS), concurrency: 1 },
} satisfies Record<string, QueueDefinition>;

export type QueueKey = keyof typeof QUEUES;

/** How many suppliers one recompute job covers: small enough to spread over workers, big enough to batch I/O. */
export const RECOMPUTE_BATCH_SIZE = 250;

export const DAILY_RECOMPUTE = { schedulerId: 'daily-recompute', pattern: '0 6 * * *' } as const;

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
