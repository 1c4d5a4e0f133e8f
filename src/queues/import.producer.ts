import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisUp } from './connections.ts';
import { DEFAULT_JOB_OPTIONS, IMPORT_JOBS, type ImportJobData, QUEUES } from './definitions.ts';

/** One job per import, its id derived from the import's id so it is never enqueued twice. */
export class ImportProducer {
  readonly queue: Queue<ImportJobData>;

  constructor(
    private readonly connection: Redis,
    prefix: string,
  ) {
    this.queue = new Queue<ImportJobData>(QUEUES.import.name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  /** Whether a job can be queued now (its Redis answers). */
  up(): boolean {
    return redisUp(this.connection);
  }

  async enqueue(importId: string) {
    return this.queue.add(IMPORT_JOBS.file, { importId }, { jobId: `import_${importId}` });
  }

  /** Whether an import has its job (waiting, running, done or failed and kept). */
  async hasJob(importId: string): Promise<boolean> {
    return (await this.queue.getJob(`import_${importId}`)) !== undefined;
  }

  async close() {
    await this.queue.close();
  }
}
