import { type FlowJob, FlowProducer, type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { allSupplierIds } from '../persistence/suppliers/supplier.repository.ts';
import { workerConnection } from './connections.ts';
import {
  DAILY_RECOMPUTE,
  DEFAULT_JOB_OPTIONS,
  QUEUES,
  RECOMPUTE_BATCH_SIZE,
  RECOMPUTE_JOBS,
  type RecomputeBatchData,
  type RecomputeFiguresData,
  type RecomputeRunData,
} from './definitions.ts';

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** BullMQ job ids may not contain ':'; run ids become part of them. */
const safeId = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/** Enqueues recomputes. Job ids are derived from the run id, so enqueueing the same run twice adds nothing. */
export class RecomputeProducer {
  readonly queue: Queue;
  private readonly flow: FlowProducer;

  constructor(
    connection: Redis,
    private readonly prefix: string,
    /** For the blocking connection QueueEvents needs when waiting on a run. */
    private readonly redisUrl: string,
  ) {
    this.queue = new Queue(QUEUES.recompute.name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    this.flow = new FlowProducer({ connection, prefix });
  }

  /** Every supplier, fanned out in batches under one parent job that completes when all batches have. */
  async full(asOf: string, runId: string): Promise<Job<RecomputeRunData>> {
    const ids = await allSupplierIds();
    const node = await this.flow.add(this.runNode(asOf, safeId(runId), ids));
    return node.job as Job<RecomputeRunData>;
  }

  /**
   * Only these suppliers (after an import), under a parent job like a full run's (so the overview's
   * figures are kept after them too); the batch jobs are returned.
   */
  async suppliers(supplierIds: string[], asOf: string, runId: string): Promise<Job<RecomputeBatchData>[]> {
    const ids = [...new Set(supplierIds)].sort();
    if (ids.length === 0) return [];
    const node = await this.flow.add(this.runNode(asOf, safeId(runId), ids));
    return (node.children ?? []).map((c) => c.job as Job<RecomputeBatchData>);
  }

  private runNode(asOf: string, run: string, ids: string[]): FlowJob {
    return {
      name: RECOMPUTE_JOBS.run,
      queueName: QUEUES.recompute.name,
      data: { runId: run, asOf, suppliers: ids.length } satisfies RecomputeRunData,
      opts: { ...DEFAULT_JOB_OPTIONS, jobId: `run_${run}` },
      children: chunks(ids, RECOMPUTE_BATCH_SIZE).map((supplierIds, i) => ({
        name: RECOMPUTE_JOBS.batch,
        queueName: QUEUES.recompute.name,
        data: { runId: run, asOf, supplierIds } satisfies RecomputeBatchData,
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: `batch_${run}_${i}`, failParentOnFailure: true },
      })),
    };
  }

  /**
   * The overview's figures of a day, kept after a run (one job per run: computing them reads every
   * invoice, and the run reports done without waiting for that).
   */
  async keepFigures(asOf: string, runId: string): Promise<Job<RecomputeFiguresData>> {
    return this.queue.add(RECOMPUTE_JOBS.figures, { asOf } satisfies RecomputeFiguresData, {
      ...DEFAULT_JOB_OPTIONS,
      jobId: `figures_${safeId(runId)}`,
    }) as Promise<Job<RecomputeFiguresData>>;
  }

  /** The daily full recompute at 06:00 in the organisation's time zone (idempotent). */
  async scheduleDaily(timezone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      DAILY_RECOMPUTE.schedulerId,
      { pattern: DAILY_RECOMPUTE.pattern, tz: timezone },
      { name: RECOMPUTE_JOBS.daily, data: {}, opts: DEFAULT_JOB_OPTIONS },
    );
  }

  /** Resolves with the job's return value when it completes; rejects when it fails or the time runs out. */
  async waitFor<T>(job: Job, timeoutMs: number): Promise<T> {
    const [value] = await this.waitForAll<T>([job], timeoutMs);
    return value;
  }

  /** The return values of all these jobs, waited for through one event stream. */
  async waitForAll<T>(jobs: Job[], timeoutMs: number): Promise<T[]> {
    const connection = workerConnection(this.redisUrl);
    const events = new QueueEvents(QUEUES.recompute.name, { connection, prefix: this.prefix });
    try {
      await events.waitUntilReady();
      return (await Promise.all(jobs.map((job) => job.waitUntilFinished(events, timeoutMs)))) as T[];
    } finally {
      await events.close();
      connection.disconnect();
    }
  }

  async close(): Promise<void> {
    // Closed while still connecting, a queue's connection reports its failed ready check afterwards,
    // to no one (that ends the process): the connection settles first.
    await Promise.allSettled([this.queue.waitUntilReady(), this.flow.waitUntilReady()]);
    await Promise.all([this.queue.close(), this.flow.close()]);
  }
}
