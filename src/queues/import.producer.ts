import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS, IMPORT_JOBS, type ImportJobData, QUEUES } from './definitions.ts';

/** One job per import, its id derived from the import's id so it is never enqueued twice. */
export class ImportProducer {
  readonly queue: Queue<ImportJobData>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<ImportJobData>(QUEUES.import.name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  async enqueue(importId: string) {
    return this.queue.add(IMPORT_JOBS.file, { importId }, { jobId: `import_${importId}` });
  }

  async close() {
    await this.queue.close();
  }
}
