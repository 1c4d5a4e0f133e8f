import type { Job } from 'bullmq';
import type { QueueDefinition } from '../src/queues/definitions.ts';

export type Processor = (job: Job) => Promise<unknown>;

/** Refuses to start when a queue carries a job name that no handler serves: such jobs would fail forever. */
export function checkHandlers(queues: QueueDefinition[], handlers: Record<string, Record<string, Processor>>): void {
  const missing: string[] = [];
  for (const q of queues) for (const job of q.jobs) if (!handlers[q.name]?.[job]) missing.push(`${q.name}/${job}`);
  if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
}

/** Dispatches a job to the handler for its name. */
export function dispatch(queue: string, handlers: Record<string, Processor>): Processor {
  return async (job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`queue ${queue} has no handler for job ${job.name}`);
    return handler(job);
  };
}
